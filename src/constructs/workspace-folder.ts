// A workspace folder, optionally with the file-ownership matrix's permissions: OWNS → CAN_MANAGE, READS → CAN_READ.
import { Construct } from 'constructs';
import { Directory } from '@cdktf/provider-databricks/lib/directory';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { accessControl, type Principal } from './principal';

export const FOLDER_PERMISSION = { OWNS: 'CAN_MANAGE', READS: 'CAN_READ' } as const;

export interface WorkspaceFolderProps {
  /** Absolute workspace path; derive it from the parent folder's `directory.path` so the child depends on it. */
  readonly path: string;
  /** Agent → principal and access, in a stable order. @default - no permissions of its own: inherits its parent's */
  readonly access?: readonly { readonly principal: Principal; readonly access: keyof typeof FOLDER_PERMISSION }[];
}

/** Notebooks and files inside inherit the folder's permissions (Databricks docs, "Folder permissions"). */
export class WorkspaceFolder extends Construct {
  readonly directory: Directory;

  constructor(scope: Construct, id: string, props: WorkspaceFolderProps) {
    super(scope, id);
    this.directory = new Directory(this, 'directory', { path: props.path });
    if (!props.access?.length) return;
    new Permissions(this, 'permissions', {
      directoryPath: this.directory.path,
      accessControl: props.access.map((entry) => accessControl(entry.principal, FOLDER_PERMISSION[entry.access])),
    });
  }
}
