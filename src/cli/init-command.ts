// `agent-contract init [DIR] [--force]`: a new project that `npx cdktf synth` accepts as written — a commented
// three-agent model, the cdktf app, package.json, CI workflows and the Claude Code files.
import { lstatSync, rmdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from './args';
import { OutputFolder } from './atomic-write';
import type { Command } from './command';
import { commandLine } from './command-line';
import { initFiles } from './init-files';
import { EXIT_OK, UsageError } from './report';

const exists = (path: string) => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

/** The folders of `paths` below `root` that do not exist yet, outermost first: what a failed run removes again. */
function missingFolders(root: string, paths: readonly string[]): string[] {
  const missing = new Set<string>();
  for (const path of paths) for (let at = dirname(join(root, path)); !exists(at) && at !== dirname(at); at = dirname(at)) missing.add(at);
  return [...missing].sort();
}

function removeFolders(created: readonly string[]): void {
  for (const folder of [...created].reverse()) {
    try {
      rmdirSync(folder);
    } catch {
      // Not empty (a file that was there before) or already gone: leave it.
    }
  }
}

/**
 * Stages every file in its folder (created as needed), then renames them all: a failure leaves no file half-written,
 * and an unfinished init removes the folders it created, leaving the folder as it found it.
 */
function writeAll(root: string, shownRoot: string, files: ReadonlyMap<string, string>): void {
  const created = missingFolders(root, [...files.keys()]);
  const folders = new Map<string, OutputFolder>();
  try {
    // The project folder first: a refusal names it, not one of its subfolders.
    folders.set('.', new OutputFolder(root, [], { create: true, shown: shownRoot }));
    for (const [path, text] of files) {
      const folder = dirname(path);
      if (!folders.has(folder)) folders.set(folder, new OutputFolder(join(root, folder), [], { create: true, shown: join(shownRoot, folder) }));
      (folders.get(folder) as OutputFolder).stage(basename(path), text, undefined, join(shownRoot, path));
    }
    for (const folder of folders.values()) folder.commit();
  } catch (error) {
    for (const folder of folders.values()) folder.discard();
    removeFolders(created);
    throw error;
  }
}

export const initCommand: Command = {
  name: 'init',
  usage: `agent-contract init [DIR] [--force]

Writes a minimal working project into DIR (default: the current directory): stacks/team.yaml (three agents,
two environments, every required field commented), cdktf.json with main.js (the cdktf app), package.json
(scripts synth, validate, test, agents), .gitignore, .github/workflows/agent-contract.yml (validate, synth,
lint) and agent-contract-plan-review.yml (the diff of every stack as one pull-request comment), and the Claude
Code files 'agents' writes (.claude/agents, .claude/settings.json, CLAUDE.md, AGENTS.md). Then:
  cd DIR && npm install && npm run validate && npm run synth
Refuses to replace an existing file; --force replaces them and names each.`,
  run(argv, io) {
    const { positionals, options } = parseArgs(argv, [], ['force']);
    if (positionals.length > 1) throw new UsageError(`init takes one folder, got ${positionals.length}`);
    const shownRoot = positionals[0] ?? '.';
    if (shownRoot === '') throw new UsageError('init needs a folder name, e.g. agent-contract init my-team');
    const root = resolve(shownRoot);
    let files: Map<string, string>;
    try {
      files = initFiles(root);
    } catch (error) {
      // An existing CLAUDE.md or AGENTS.md of the user's own that the generated ones cannot join.
      throw new UsageError((error as Error).message);
    }
    const existing = [...files.keys()].filter((path) => exists(join(root, path))).map((path) => join(shownRoot, path));
    if (existing.length && !options.force)
      throw new UsageError(
        `init would replace ${existing.length} existing file${existing.length === 1 ? '' : 's'}: ${existing.join(', ')}: choose an empty folder, or pass --force to replace them`,
      );
    writeAll(root, shownRoot, files);
    for (const path of existing) io.stdout.write(`replaced ${path}\n`);
    io.stdout.write(`wrote ${files.size} files to ${shownRoot}\n`);
    io.stdout.write(`next: ${root === process.cwd() ? '' : `${commandLine('cd', shownRoot)} && `}npm install && npm run validate && npm run synth\n`);
    return EXIT_OK;
  },
};
