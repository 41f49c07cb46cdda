#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The OCI linux.seccomp object moby would hand to runc for a profile.

Written from moby/profiles seccomp_linux.go (setupSeccomp, LoadProfile) and
the runtime-spec Go types, independently of seccap, so that
`seccap show --format oci` can be checked against it:

    show_moby_oci.py PROFILE.json --caps CAP_A,CAP_B --arch amd64 --kernel 6.1
    show_moby_oci.py --compare EXPECTED.json ACTUAL.json

The first form prints moby's object (or `null` when moby disables seccomp);
the second compares two such documents value by value and key order by key
order, and exits 1 with the first difference.
"""
import argparse
import json
import sys

# seccomp_linux.go: the arch name (goToNative[GOARCH]) -> specs.Arch.
NATIVE_TO_SECCOMP = {
    "x86": "SCMP_ARCH_X86",
    "amd64": "SCMP_ARCH_X86_64",
    "arm": "SCMP_ARCH_ARM",
    "arm64": "SCMP_ARCH_AARCH64",
    "loong64": "SCMP_ARCH_LOONGARCH64",
    "mips64": "SCMP_ARCH_MIPS64",
    "mips64n32": "SCMP_ARCH_MIPS64N32",
    "mipsel64": "SCMP_ARCH_MIPSEL64",
    "mips3l64n32": "SCMP_ARCH_MIPSEL64N32",
    "mipsle": "SCMP_ARCH_MIPSEL",
    "ppc": "SCMP_ARCH_PPC",
    "ppc64": "SCMP_ARCH_PPC64",
    "ppc64le": "SCMP_ARCH_PPC64LE",
    "riscv64": "SCMP_ARCH_RISCV64",
    "s390": "SCMP_ARCH_S390",
    "s390x": "SCMP_ARCH_S390X",
}


class GoObject:
    """A JSON object read the way encoding/json fills a struct: keys match
    field names case-insensitively and the last matching key wins."""

    def __init__(self, pairs):
        self.pairs = pairs

    def get(self, name, default=None):
        value, found = default, False
        for k, v in self.pairs:
            if k.lower() == name.lower():
                value, found = v, True
        return value if found else default


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f, object_pairs_hook=GoObject)


def kernel_version(s):
    # KernelVersion.UnmarshalJSON: "" is {0,0}, else "X.Y" of uint8 parts.
    if s == "":
        return (0, 0)
    parts = s.split(".")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise SystemExit(f"invalid kernel version: {s}")
    return (int(parts[0]), int(parts[1]))


def kernel_ge(host, min_s):
    want = kernel_version(min_s)
    return host[0] > want[0] or (host[0] == want[0] and host[1] >= want[1])


def as_filter(obj):
    """*Filter: None when absent or null, else (caps, arches, minKernel)."""
    if obj is None:
        return None
    return (obj.get("caps") or [], obj.get("arches") or [],
            obj.get("minKernel"))


def setup_seccomp(config, caps, arch, kernel):
    default_action = config.get("defaultAction") or ""
    syscalls = config.get("syscalls") or []
    if default_action == "" and not syscalls:
        return None
    architectures = list(config.get("architectures") or [])
    arch_map = config.get("archMap") or []
    if architectures and arch_map:
        raise SystemExit("both 'architectures' and 'archMap' are specified")

    seccomp_arch = NATIVE_TO_SECCOMP.get(arch)
    if seccomp_arch:
        for a in arch_map:
            if a.get("architecture") == seccomp_arch:
                architectures.append(a.get("architecture"))
                architectures.extend(a.get("subArchitectures") or [])
                break

    kept = []
    for call in syscalls:
        names = call.get("names")
        name = call.get("name") or ""
        if name:
            if names:
                raise SystemExit("both 'name' and 'names' are specified")
            names = [name]
        exc = as_filter(call.get("excludes"))
        if exc is not None:
            ecaps, earches, emin = exc
            if earches and arch in earches:
                continue
            if ecaps and any(c in caps for c in ecaps):
                continue
            if emin is not None and kernel_ge(kernel, emin):
                continue
        inc = as_filter(call.get("includes"))
        if inc is not None:
            icaps, iarches, imin = inc
            if iarches and arch not in iarches:
                continue
            if icaps and not all(c in caps for c in icaps):
                continue
            if imin is not None and not kernel_ge(kernel, imin):
                continue
        kept.append(marshal_syscall(call, names))

    # specs.LinuxSeccomp, fields in struct order, omitempty as tagged.
    out = {"defaultAction": default_action}
    if config.get("defaultErrnoRet") is not None:
        out["defaultErrnoRet"] = config.get("defaultErrnoRet")
    if architectures:
        out["architectures"] = architectures
    if config.get("flags"):
        out["flags"] = config.get("flags")
    if config.get("listenerPath"):
        out["listenerPath"] = config.get("listenerPath")
    if config.get("listenerMetadata"):
        out["listenerMetadata"] = config.get("listenerMetadata")
    if kept:
        out["syscalls"] = kept
    return out


def marshal_syscall(call, names):
    # specs.LinuxSyscall: names (no omitempty), action, errnoRet (*uint,
    # omitempty), args (omitempty).
    s = {"names": names, "action": call.get("action") or ""}
    if call.get("errnoRet") is not None:
        s["errnoRet"] = call.get("errnoRet")
    args = call.get("args") or []
    if args:
        s["args"] = []
        for a in args:
            # specs.LinuxSeccompArg: index, value, valueTwo (omitempty), op.
            o = {"index": a.get("index") or 0, "value": a.get("value") or 0}
            if a.get("valueTwo"):
                o["valueTwo"] = a.get("valueTwo")
            o["op"] = a.get("op") or ""
            s["args"].append(o)
    return s


def first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return f"{path}: {json.dumps(a)[:80]} vs {json.dumps(b)[:80]}"
    if isinstance(a, dict):
        if list(a.keys()) != list(b.keys()):
            return f"{path}: keys {list(a.keys())} vs {list(b.keys())}"
        for k in a:
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        if len(a) != len(b):
            return f"{path}: {len(a)} elements vs {len(b)}"
        return None
    return None if a == b else f"{path}: {json.dumps(a)} vs {json.dumps(b)}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("profile", nargs="?")
    ap.add_argument("--caps", default="")
    ap.add_argument("--arch", default="amd64")
    ap.add_argument("--kernel", default="6.1")
    ap.add_argument("--compare", nargs=2, metavar=("EXPECTED", "ACTUAL"))
    opts = ap.parse_args()

    if opts.compare:
        with open(opts.compare[0], encoding="utf-8") as f:
            want = json.load(f)
        with open(opts.compare[1], encoding="utf-8") as f:
            got = json.load(f)
        d = first_difference(want, got)
        if d:
            print(f"differs at {d}", file=sys.stderr)
            return 1
        return 0

    caps = [c for c in opts.caps.split(",") if c]
    kernel = kernel_version(opts.kernel)
    out = setup_seccomp(load(opts.profile), caps, opts.arch, kernel)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
