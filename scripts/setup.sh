#!/usr/bin/env bash
# Installs everything ossgen and its test suite need on a fresh Debian machine, then generates
# every language from the bundled model. Safe to run again: each step is idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

# System packages: C client build deps (libcurl, OpenSSL's libcrypto, liblzma), valgrind for
# the C memory checks, chromium and a CJK font for the docs browser test (its screenshots of the
# Chinese page), bsdutils for script(1) (the CLI's terminal progress test). Installed only where we can (root with apt-get); otherwise say what is missing.
APT_PACKAGES=(libcurl4-openssl-dev libssl-dev liblzma-dev pkg-config valgrind make chromium fonts-wqy-zenhei time bsdutils php-cli php-curl php-xml phpunit composer php-codesniffer)
# issue 24 (Ruby): ruby 3.1 (minitest bundled in libruby3.1) and RuboCop for the gem's tests.
APT_PACKAGES+=(ruby ruby-dev rubocop)
# issue 25 (C#): Mono 6.8 (mcs, mono, System.Net.Http) and NUnit 2.6 (nunit-console, nunit.framework.dll) for the C# library's tests.
APT_PACKAGES+=(mono-devel nunit-console libnunit-cil-dev)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "warning: missing Debian packages (install them as root): ${missing[*]}" >&2
  fi
fi

# Python tools: pytest, mypy and ruff check the generated package; build, twine and pypiserver
# are the real packaging tools and index the publish tests use on loopback.
step "pip install (pytest, mypy, ruff, build, twine, pypiserver)"
# wheel: the Python test installs out/python offline (--no-build-isolation); setuptools < 70 needs it.
# fastcrc: the Python client's optional SIMD CRC-64 (its "fast" extra; npm run bench measures with it);
# crcmod: the older optional C one, kept so the generated tests check that implementation too.
python3 -m pip install --quiet --disable-pip-version-check pytest mypy ruff build twine pypiserver passlib wheel crcmod fastcrc

# Maven: the Java client's build (compiler, surefire with the JUnit platform, jar and install plugins,
# JUnit 5) resolved once into ~/.m2 by building the Java runtime in a temp copy, so that every later
# Java build (runtime/java, out/java, the tests) runs offline with `mvn -o`. Resolving again is a no-op.
if command -v mvn >/dev/null; then
  step "mvn: resolve the Java build once (runtime/java, built in a temp copy)"
  java_tmp="$(mktemp -d)"
  cp -r runtime/java "$java_tmp/java"
  (cd "$java_tmp/java" && mvn -B -q verify) || { rm -rf "$java_tmp"; exit 1; }
  rm -rf "$java_tmp"
  # The official Java OSS SDK for the acceptance suite (test/acceptance/java), resolved the same way.
  step "mvn: resolve the official Java OSS SDK once (test/acceptance/java, built in a temp copy)"
  java_tmp="$(mktemp -d)"
  cp -r test/acceptance/java "$java_tmp/java"
  # Not fatal: without it the suite skips the Java SDK and says why.
  (cd "$java_tmp/java" && mvn -B -q compile dependency:build-classpath -Dmdep.outputFile=cp.txt) ||
    echo "warning: could not resolve test/acceptance/java: the acceptance suite will skip the Java SDK" >&2
  rm -rf "$java_tmp"
else
  echo "warning: mvn not found: the Java client cannot be built or tested" >&2
fi

# Official OSS SDKs for the acceptance suite (test/acceptance): the Go SDKs' modules from the Go module
# proxy, once, into the module cache (the test builds its driver with -mod=readonly from go.sum).
if command -v go >/dev/null; then
  step "go mod download (test/acceptance/go: official Go OSS SDKs)"
  (cd test/acceptance/go && go mod download) ||
    echo "warning: could not download test/acceptance/go's modules: the acceptance suite will skip the Go SDKs" >&2
else
  echo "warning: go not found: the Go client and the official Go SDKs' acceptance tests cannot run" >&2
fi

step "npm ci"
npm ci --no-audit --no-fund

# Official Python OSS SDKs for the acceptance suite (test/acceptance): a venv of their own, made after
# npm ci (which empties node_modules), and only again when the pinned requirements change. PyPI refusing
# them is not fatal here: the suite then skips the Python SDKs and says why.
venv=node_modules/.cache/ossgen-acceptance-venv
requirements=test/acceptance/python/requirements.txt
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$venv/requirements.txt"; then
  step "venv $venv: official Python OSS SDKs ($requirements)"
  rm -rf "$venv"
  if python3 -m venv "$venv" && "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"; then
    cp "$requirements" "$venv/requirements.txt"
  else
    rm -rf "$venv"
    echo "warning: could not install $requirements: the acceptance suite will skip the Python SDKs" >&2
  fi
fi

step "gen --lang all"
node bin/gen.js --lang all
