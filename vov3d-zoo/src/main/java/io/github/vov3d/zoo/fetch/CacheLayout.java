package io.github.vov3d.zoo.fetch;

import java.nio.file.Path;

/**
 * Where one request's files live in the cache. Everything for a request sits in
 * {@code <root>/weights/<key>/}: the verified file, its recorded digest
 * ({@code <file>.sha256}, in {@code sha256sum} format), and while downloading the partial file
 * ({@code <file>.part}) with the server's validator ({@code <file>.part.validator}) for a safe
 * resume. Locks live apart, in {@code <root>/locks/}, so that a failed fetch leaves nothing in
 * the weights folder.
 *
 * @param root the cache root
 * @param key the request's cache key
 * @param fileName the request's file name
 */
public record CacheLayout(Path root, String key, String fileName) {

    /** @param root the cache root @param request the request @return its layout */
    public static CacheLayout of(Path root, FetchRequest request) {
        return new CacheLayout(root, request.key(), request.fileName());
    }

    /** @return the folder holding this request's files */
    public Path directory() {
        return root.resolve("weights").resolve(key);
    }

    /** @return the verified file */
    public Path file() {
        return directory().resolve(fileName);
    }

    /** @return the digest recorded on first fetch */
    public Path digest() {
        return directory().resolve(fileName + ".sha256");
    }

    /** @return the partial download */
    public Path partial() {
        return directory().resolve(fileName + ".part");
    }

    /** @return the validator (ETag or Last-Modified) of the partial download's source */
    public Path partialValidator() {
        return directory().resolve(fileName + ".part.validator");
    }

    /** @return the cross-process lock file */
    public Path lock() {
        return root.resolve("locks").resolve(key + "." + fileName + ".lock");
    }
}
