// This package's own root and manifest, as the CLI needs them (`--version`, the hook's install path, init's
// dependency, SARIF's tool version): package.json two folders above src/cli or dist/cli, read once per process.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

export interface OwnPackage {
  readonly name: string;
  readonly version: string;
  readonly devDependencies: Readonly<Record<string, string>>;
}

let manifest: OwnPackage | undefined;

export function ownPackage(): OwnPackage {
  return (manifest ??= JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as OwnPackage);
}

export const packageVersion = (): string => ownPackage().version;
