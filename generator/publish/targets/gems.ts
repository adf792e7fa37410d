/**
 * Ruby: the gem out/ruby built with `gem build` (reproducibly: SOURCE_DATE_EPOCH fixed) into a local gem
 * source, a directory with `gems/<name>-<version>.gem` and the index `gem generate_index` writes
 * (specs.4.8.gz and the rest). `gem install --clear-sources --source file://DIR <name>` installs from it
 * offline, or serve the directory over HTTP.
 */
import { access, copyFile, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOk } from '../exec.js';
import { stagePackage } from './stage.js';
import type { PublishContext, Target } from './types.js';

/** Lists a .gem's files with their sizes (its data.tar.gz), as JSON: the standard library's tar reader. */
const GEM_LISTING = `require 'rubygems/package'; require 'json'; require 'zlib'
out = []
File.open(ARGV[0], 'rb') do |io|
  Gem::Package::TarReader.new(io).each do |entry|
    next unless entry.full_name == 'data.tar.gz'
    Zlib::GzipReader.wrap(entry) { |gz| Gem::Package::TarReader.new(gz).each { |f| out << [f.full_name, f.header.size] if f.file? } }
  end
end
puts JSON.generate(out.sort)`;

/** A fixed build time, so the same sources make the same .gem. */
const SOURCE_DATE_EPOCH = '946684800';

export function gemSourceTarget(location: string, gemName: string): Target {
  const dir = location.startsWith('file:') ? fileURLToPath(location) : location;
  const src = (ctx: PublishContext) => join(ctx.workDir, 'src');
  const file = (ctx: PublishContext) => `${gemName}-${ctx.version}.gem`;
  return {
    describe: () => `gem source file://${dir}`,
    async exists(ctx) {
      return access(join(dir, 'gems', file(ctx))).then(
        () => true,
        () => false,
      );
    },
    async prepare(ctx) {
      await stagePackage(ctx.sourceDir, src(ctx), ctx.buildArtifacts);
      await runOk('gem', ['build', `${gemName}.gemspec`, '--output', file(ctx)], { cwd: src(ctx), env: { ...process.env, SOURCE_DATE_EPOCH } });
      const built = join(src(ctx), file(ctx));
      const listing = await runOk('ruby', ['-e', GEM_LISTING, built]);
      const files = (JSON.parse(listing.stdout) as [string, number][]).map(([name, bytes]) => ({ name, bytes }));
      return { artifacts: [{ name: `gems/${file(ctx)}`, bytes: (await stat(built)).size }], files };
    },
    async publish(ctx) {
      await mkdir(join(dir, 'gems'), { recursive: true });
      await copyFile(join(src(ctx), file(ctx)), join(dir, 'gems', file(ctx)));
      await runOk('gem', ['generate_index', '--directory', dir]);
    },
  };
}
