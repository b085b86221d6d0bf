// L3: the project's workspace root and the file-ownership folders below it, each child derived from its parent.
import { Construct } from 'constructs';
import { directoryTree } from '../access/folders';
import type { TeamEnvironment } from '../access/team-environment';
import type { AgentIdentities } from './agent-identities';
import { WorkspaceFolder } from './workspace-folder';

export interface WorkspaceTreeProps {
  readonly team: TeamEnvironment;
  readonly identities: AgentIdentities;
}

/**
 * The root is created by the deploying identity (a workspace admin: only admins create objects at the workspace
 * root, Databricks docs "Folder permissions"), with no agent permissions of its own, so a folder grants exactly
 * what the matrix says. Folder construct ids are the path segments below their parent (`dir-<segment>`), so one
 * folder's address never depends on another's name.
 */
export class WorkspaceTree extends Construct {
  readonly root: WorkspaceFolder;
  /** By directory below the root, e.g. `pipelines/bronze`. */
  readonly folders = new Map<string, WorkspaceFolder>();

  constructor(scope: Construct, id: string, props: WorkspaceTreeProps) {
    super(scope, id);
    const { identities } = props;
    const { model, folders: layout } = props.team.terraform;
    this.root = new WorkspaceFolder(this, 'root', { path: model.project.workspaceRoot });
    const { folders } = layout;
    const accessOf = new Map(folders.map((folder) => [folder.directory, folder.access]));
    for (const directory of directoryTree(folders)) {
      const at = directory.lastIndexOf('/');
      const parent = at < 0 ? this.root : (this.folders.get(directory.slice(0, at)) as WorkspaceFolder);
      const name = directory.slice(at + 1);
      this.folders.set(
        directory,
        new WorkspaceFolder(parent, `dir-${name}`, {
          path: `${parent.directory.path}/${name}`,
          access: accessOf.get(directory)?.map((entry) => ({ principal: identities.principalOf(entry.agent), access: entry.access })),
        }),
      );
    }
  }

  /** The absolute path of `relative` below the root, as a reference to the root (so users depend on it). */
  pathOf(relative: string): string {
    return `${this.root.directory.path}/${relative}`;
  }
}
