// A Unity Catalog registered model, owned by its owner agent, with EXECUTE for its consumers.
import { Construct } from 'constructs';
import { RegisteredModel } from '@cdktf/provider-databricks/lib/registered-model';
import { AccessGrants, type SecurableProps } from './access-grants';

export interface RegisteredMlModelProps extends SecurableProps {
  readonly catalogName: string;
  readonly schemaName: string;
  readonly name: string;
  /** @default - no comment */
  readonly comment?: string;
  /** Owner principal name: only the owner creates versions. */
  readonly owner: string;
}

export class RegisteredMlModel extends Construct {
  readonly model: RegisteredModel;

  constructor(scope: Construct, id: string, props: RegisteredMlModelProps) {
    super(scope, id);
    this.model = new RegisteredModel(this, 'model', {
      catalogName: props.catalogName,
      schemaName: props.schemaName,
      name: props.name,
      comment: props.comment,
      owner: props.owner,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
      lifecycle: props.protect ? { preventDestroy: true } : undefined,
    });
    // The model's id is its full name `<catalog>.<schema>.<model>`.
    AccessGrants.declare(this, 'grants', { target: { model: this.model.id }, entries: props.grants ?? [] });
  }
}
