/** `gen publish`: flags in, exit code out. */
import { parseArgs } from 'node:util';
import type { CliIo } from '../cli-io.js';
import { formatReport, publish, PublishRefused, PUBLISHABLE, PUBLISH_LANGUAGES, type PublishLanguage } from './publish.js';

const HELP = `Usage: gen publish --lang ts|python|go|c|cpp|java|php|ruby|csharp|cli|all [--dry-run] [target flags]

Publishes the generated packages at the model's version. Refuses (exit 1, nothing published) when
out/<lang> is stale, when that version is already in the target, when the version bump is too small
for the model's changes since the last release, or when the language's generated tests fail.

Targets:
  --registry URL         ts: the npm registry (auth from the environment or .npmrc)
  --repository-url URL   python: the package index twine uploads to (TWINE_USERNAME/TWINE_PASSWORD)
  --goproxy-dir DIR      go: a GOPROXY directory (serve it with GOPROXY=file://DIR)
  --dist DIR             c, cpp: where the source tarball and its .sha256 go; cli: where the release
                         archives (linux/darwin/windows x amd64/arm64) and their SHA256SUMS go
  --maven-repo DIR       java: a Maven repository directory (or file://DIR); projects use it as a file:// repository
  --composer-repo DIR    php: a Composer repository directory: packages/<vendor>/<name>/<version>/ for a "path"
                         repository and <vendor>-<name>-<version>.zip for an "artifact" one (Packagist not needed)
  --gem-source DIR       ruby: a local gem source (or file://DIR); gem install --source file://DIR installs from it
  --package-dir DIR      csharp: a package folder, <Id>/<version>/lib/netstandard2.0/<Id>.dll (built by Mono's mcs,
                         reproducibly) with the sources and the .csproj; not a .nupkg (NuGet is not used)

Options:
  --dry-run              print exactly what would be published (files, sizes, version, target); publish nothing
  --model PATH           the model (default model/oss.yaml)
  --out DIR              the generated output root (default out/)
  --releases DIR         the release ledger: surface snapshots and CHANGELOG.md (default: releases/ beside the model)
  --test-command CMD     run CMD instead of the language's generated test suite (e.g. when CI ran it already)
  -h, --help             this help
`;

export async function publishCommand(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: {
        lang: { type: 'string' },
        'dry-run': { type: 'boolean' },
        model: { type: 'string' },
        out: { type: 'string' },
        releases: { type: 'string' },
        registry: { type: 'string' },
        'repository-url': { type: 'string' },
        'goproxy-dir': { type: 'string' },
        dist: { type: 'string' },
        'maven-repo': { type: 'string' },
        'composer-repo': { type: 'string' },
        'gem-source': { type: 'string' },
        'package-dir': { type: 'string' },
        'test-command': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.stderr(`gen publish: ${(err as Error).message}\nRun "gen publish --help" for usage.\n`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout(HELP);
    return 0;
  }
  const langs = (v.lang ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const languages: PublishLanguage[] = [];
  for (const l of langs) {
    if (l === 'all') languages.push(...PUBLISH_LANGUAGES);
    else if ((PUBLISHABLE as readonly string[]).includes(l)) languages.push(l as PublishLanguage);
    else {
      io.stderr(`gen publish: cannot publish "${l}"; choose from ${PUBLISHABLE.join(', ')}, all\n`);
      return 2;
    }
  }
  if (languages.length === 0) {
    io.stderr('gen publish: missing --lang\nRun "gen publish --help" for usage.\n');
    return 2;
  }
  const dryRun = Boolean(v['dry-run']);
  try {
    const { reports, changelog } = await publish({
      languages: [...new Set(languages)],
      dryRun,
      modelPath: v.model,
      outDir: v.out,
      releasesDir: v.releases,
      registry: v.registry,
      repositoryUrl: v['repository-url'],
      goproxyDir: v['goproxy-dir'],
      dist: v.dist,
      mavenRepo: v['maven-repo'],
      composerRepo: v['composer-repo'],
      gemSource: v['gem-source'],
      packageDir: v['package-dir'],
      testCommand: v['test-command'],
      log: (line) => io.stderr(`gen: ${line}\n`),
    });
    io.stdout(formatReport(reports, dryRun, changelog));
    return 0;
  } catch (err) {
    if (err instanceof PublishRefused) {
      io.stderr(`gen publish: refused: ${err.message}\n`);
      return 1;
    }
    io.stderr(`gen publish: ${(err as Error).message}\n`);
    return 1;
  }
}
