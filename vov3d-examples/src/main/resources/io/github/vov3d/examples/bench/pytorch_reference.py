"""PyTorch-eager reference timings for `vov3d bench --pytorch PYTHON --pytorch-repo DIR`.

`vov3d bench` starts this script with the Python that has PyTorch and keeps it running beside
its own passes, so that the upstream model code (youngwanLEE/VoV3D, a PySlowFast fork: a
checkout given by --repo) is timed interleaved with the Java modes, under the same load and the
same environment (allocator settings included). Line protocol, one request and one reply per
line on stdin/stdout:

    (start)                      -> ready <torch version> threads=<n> stand-ins=<names or none>
                                    models=<ids it can build>
    load <model> <batch> <frames> <crop>
                                 -> loaded <trainable parameters>
    pass                         -> done <milliseconds of the forward inside Python>
    quit                         -> (exit 0)

Any failure is answered with `error <what went wrong and what to do>`; the process then keeps
serving. Replies go to the original standard output only: anything else that writes there
(oneDNN's verbose mode, a print in the model code) is sent to standard error instead, so it
cannot be taken for a reply. Nothing here changes the upstream model code: it is imported from the checkout and
built from the checkout's own config files. Import-time helpers that PySlowFast pulls in but
model building does not use (fvcore's registry and config node, iopath's path manager,
detectron2's ROIAlign, simplejson) are replaced by small stand-ins only when they are not
installed; the `ready` line names them (and `slowfast`, which always names the checkout's own
package: the fork imports itself under both names).
"""

import argparse
import ast
import copy
import importlib.util
import json
import os
import sys
import time
import types

# upstream config file of each model this library names the same way (Kinetics-400 configs)
CONFIGS = {
    "vov3d_m": "configs/Kinetics/vov3d/vov3d_M.yaml",
    "vov3d_l": "configs/Kinetics/vov3d/vov3d_L.yaml",
    "x3d_m": "configs/Kinetics/x3d/X3D_M_256e.yaml",
    "x3d_l": "configs/Kinetics/x3d/X3D_L_256scale_256e.yaml",
}


def _installed(name):
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _module(name, **attrs):
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    sys.modules[name] = module
    return module


class _Registry:
    """What the model code uses of fvcore's Registry: register by class name, get by name."""

    def __init__(self, name):
        self.name = name
        self.entries = {}

    def register(self, obj=None):
        if obj is None:
            return self.register
        self.entries[obj.__name__] = obj
        return obj

    def get(self, name):
        if name not in self.entries:
            raise KeyError(f"no {self.name} named {name}")
        return self.entries[name]


class _ConfigNode(dict):
    """What the config code uses of fvcore's CfgNode: attribute access, YAML and list merges."""

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError as e:
            raise AttributeError(key) from e

    def __setattr__(self, key, value):
        self[key] = value

    def clone(self):
        return copy.deepcopy(self)

    def _merge(self, values, prefix=""):
        # as yacs does: a key the defaults do not have is an error, strings are decoded
        for key, value in values.items():
            if key not in self:
                raise KeyError(f"config key {prefix}{key} does not exist in the checkout's defaults")
            if isinstance(value, dict) and isinstance(self[key], _ConfigNode):
                self[key]._merge(value, f"{prefix}{key}.")
            else:
                self[key] = _ConfigNode(value) if isinstance(value, dict) else _decode(value)

    def merge_from_file(self, path):
        import yaml

        with open(path) as f:
            self._merge(yaml.safe_load(f) or {})

    def merge_from_list(self, pairs):
        for dotted, value in zip(pairs[0::2], pairs[1::2]):
            *parents, leaf = dotted.split(".")
            node = self
            for p in parents:
                node = node[p]
            if leaf not in node:
                raise KeyError(f"config key {dotted} does not exist in the checkout's defaults")
            node[leaf] = _decode(value)


def _decode(value):
    """A YAML string such as '5e-5' becomes the number yacs would make of it."""
    if not isinstance(value, str):
        return value
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return value


class _PathManager:
    def open(self, path, mode="r", **kwargs):
        return open(path, mode, **kwargs)

    def exists(self, path):
        return os.path.exists(path)

    def mkdirs(self, path):
        os.makedirs(path, exist_ok=True)


def _msra_fill(module):
    import torch.nn as nn

    nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
    if module.bias is not None:
        nn.init.constant_(module.bias, 0)


def install_stand_ins(repo):
    """Makes the checkout importable; returns the names of the stand-ins it had to install."""
    used = []
    if not _installed("fvcore"):
        _module("fvcore")
        _module("fvcore.common")
        _module("fvcore.common.registry", Registry=_Registry)
        _module("fvcore.common.config", CfgNode=_ConfigNode)
        _module("fvcore.nn")
        _module("fvcore.nn.weight_init", c2_msra_fill=_msra_fill)
        used.append("fvcore")
    if not _installed("iopath"):
        _module("iopath")
        _module("iopath.common")
        _module("iopath.common.file_io", g_pathmgr=_PathManager())
        used.append("iopath")
    if not _installed("detectron2"):
        _module("detectron2")
        _module("detectron2.layers", ROIAlign=None)  # only the detection head uses it
        used.append("detectron2")
    if not _installed("simplejson"):
        sys.modules["simplejson"] = json
        used.append("simplejson")
    # the fork imports its own package under both names (vov3d.* and slowfast.*)
    package = os.path.join(repo, "vov3d")
    alias = _module("slowfast")
    alias.__path__ = [package]
    used.append("slowfast")
    sys.path.insert(0, repo)
    return used


class Reference:
    def __init__(self, repo, threads):
        import torch

        self.torch = torch
        self.repo = repo
        torch.set_num_threads(threads)
        self.model = None
        self.clip = None

    def load(self, name, batch, frames, crop):
        if name not in CONFIGS:
            raise ValueError(f"the upstream checkout has no Kinetics config for {name};"
                             f" the reference times {', '.join(CONFIGS)}")
        config = os.path.join(self.repo, CONFIGS[name])
        if not os.path.isfile(config):
            raise ValueError(f"{config} does not exist: is --pytorch-repo a checkout of"
                             " youngwanLEE/VoV3D?")
        from vov3d.config.defaults import get_cfg
        from vov3d.models.build import build_model
        import vov3d.models  # noqa: F401  (registers the architectures)

        cfg = get_cfg()
        cfg.merge_from_file(config)
        cfg.merge_from_list(["NUM_GPUS", 0, "MODEL.NUM_CLASSES", 400, "DATA.NUM_FRAMES", frames,
                             "DATA.TRAIN_CROP_SIZE", crop, "DATA.TEST_CROP_SIZE", crop])
        self.model = None
        self.clip = None
        model = build_model(cfg).eval()
        self.model = model
        self.clip = self.torch.randn(batch, 3, frames, crop, crop)
        return sum(p.numel() for p in model.parameters())

    def forward(self):
        if self.model is None:
            raise ValueError("load a model first")
        start = time.perf_counter()
        with self.torch.inference_mode():
            self.model([self.clip])
        return (time.perf_counter() - start) * 1e3


_replies = sys.stdout


def keep_stdout_for_replies():
    """Replies get a private copy of file descriptor 1; fd 1 itself then goes to stderr."""
    global _replies
    sys.stdout.flush()
    _replies = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr


def reply(line):
    _replies.write(line + "\n")
    _replies.flush()


def serve(reference):
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            if words == ["quit"]:
                return
            if words[0] == "load" and len(words) == 5:
                reply(f"loaded {reference.load(words[1], *map(int, words[2:]))}")
            elif words == ["pass"]:
                reply(f"done {reference.forward():.3f}")
            else:
                reply(f"error unknown request: {line.strip()}")
        except Exception as e:  # reported to the bench, which shows it to the user
            reply("error " + f"{type(e).__name__}: {e}".replace("\n", " "))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", required=True, help="checkout of youngwanLEE/VoV3D")
    parser.add_argument("--threads", type=int, required=True, help="intra-op threads")
    args = parser.parse_args()
    keep_stdout_for_replies()
    try:
        if not os.path.isdir(os.path.join(args.repo, "vov3d", "models")):
            raise ValueError(f"{args.repo} has no vov3d/models: pass a checkout of"
                             " youngwanLEE/VoV3D as --pytorch-repo")
        stand_ins = install_stand_ins(os.path.abspath(args.repo))
        reference = Reference(os.path.abspath(args.repo), args.threads)
    except Exception as e:
        reply("error " + f"{type(e).__name__}: {e}".replace("\n", " "))
        return 1
    reply(f"ready {reference.torch.__version__} threads={reference.torch.get_num_threads()}"
          f" stand-ins={','.join(stand_ins)} models={','.join(CONFIGS)}")
    serve(reference)
    return 0


if __name__ == "__main__":
    sys.exit(main())
