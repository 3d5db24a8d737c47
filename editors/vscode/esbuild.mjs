// Bundles the extension and its dependencies (vscode-languageclient) into one file: dist/extension.js.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const options = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  external: ['vscode'],
  format: 'cjs',
  platform: 'node',
  // jsonc-parser's ESM build (its UMD build loads its parts with a require that bundlers cannot follow)
  mainFields: ['module', 'main'],
  target: 'node20',
  sourcemap: watch ? 'inline' : false,
  minify: !watch,
  logLevel: 'info',
};
if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
