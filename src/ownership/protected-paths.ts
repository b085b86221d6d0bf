// The files that make the enforcement: no agent may edit them, whatever the file-ownership patterns say. The hook
// computes them itself at run time (from where its own code and the ownership file are), `agents` lists them in the
// generated settings' `permissions.deny` and in the ownership file, and validation warns when a pattern covers one.

/** Claude Code's project settings (hooks, permissions), the generated session instructions, the profiles' credentials. */
export const ALWAYS_PROTECTED: readonly string[] = [
  '.claude/settings*.json',
  'CLAUDE.md',
  'AGENTS.md',
  'cdktf.out/ownership.json',
  // `profiles --with-secrets` writes the agents' credentials; README suggests ~/.databrickscfg.agents.
  '.databrickscfg',
  '.databrickscfg.agents',
  '**/.databrickscfg',
  '**/.databrickscfg.agents',
];

export interface ProtectedPlaces {
  /** The folder of the agent definitions and the ownership file, relative to the project root. */
  readonly agentsDir: string;
  /**
   * This package's folder relative to the project root: `node_modules/databricks-agent-contract` when installed,
   * '' in a checkout of this repository, undefined when it lies outside the project.
   */
  readonly hookPackage: string | undefined;
}

/** The hook's own code when it runs from a checkout: its entry, its compiled and source modules, what loads them. */
const CHECKOUT = ['bin/**', 'dist/**', 'src/ownership/**', 'node_modules/**', 'package.json'];

export function protectedPatterns({ agentsDir, hookPackage }: ProtectedPlaces): string[] {
  const code = hookPackage === undefined ? [] : hookPackage === '' ? CHECKOUT : [`${hookPackage}/**`];
  return [...new Set([...ALWAYS_PROTECTED, `${agentsDir}/**`, ...code])];
}
