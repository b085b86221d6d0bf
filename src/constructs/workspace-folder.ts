// A workspace folder of the file-ownership matrix, with OWNS → CAN_MANAGE and READS → CAN_READ.
import { Construct } from 'constructs';
import { Directory } from '@cdktf/provider-databricks/lib/directory';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { accessControl, type Principal } from './principal';

export const FOLDER_PERMISSION = { OWNS: 'CAN_MANAGE', READS: 'CAN_READ' } as const;

export interface WorkspaceFolderProps {
  /** Absolute workspace path. */
  readonly path: string;
  /** Agent → principal and access, in a stable order. */
  readonly access: readonly { readonly principal: Principal; readonly access: keyof typeof FOLDER_PERMISSION }[];
}

/** Notebooks and files inside inherit the folder's permissions. */
export class WorkspaceFolder extends Construct {
  readonly directory: Directory;

  constructor(scope: Construct, id: string, props: WorkspaceFolderProps) {
    super(scope, id);
    this.directory = new Directory(this, 'directory', { path: props.path });
    if (props.access.length === 0) return;
    new Permissions(this, 'permissions', {
      directoryPath: this.directory.path,
      accessControl: props.access.map((entry) => accessControl(entry.principal, FOLDER_PERMISSION[entry.access])),
    });
  }
}
