import { Construct, IConstruct } from 'constructs';
import { AppProject, projectWaveAnnotations } from '../argocd/app-project';
import { setDefaultProject } from '../argocd/ops-repository';
import { NameFormat, validateName } from '../core/names';
import { OpsRepo } from './ops-repo';
import { freeId, requireObject } from '../core/guards';

/** Props for {@link Team}. */
export interface TeamProps {
  /** The team's name (DNS label): the name of its AppProject. @default - the construct id */
  readonly name?: string;
  /** What the team does, written into its AppProject. @default - "Apps of team <name>" */
  readonly description?: string;
}

const TEAM = Symbol.for('push-delivery.Team');

/**
 * A group of apps with one Argo CD `AppProject`: every Application of the team's apps is in that project,
 * and the project admits exactly what they deploy — the ops repository they sync from, the clusters and
 * namespaces of their objects, and the cluster-scoped kinds they commit (`Namespace` for the namespaces
 * Argo CD creates), never `*`. Argo CD refuses to sync anything else for the team's Applications, so a team
 * cannot deploy into another team's namespaces; synthesis refuses a namespace another team, Kubernetes, Argo CD
 * or the platform already uses on that cluster. The names `default` and `argocd` are refused.
 *
 * Apps join a team by being created in it; their folders go under `<team>/` in `dist/`, so code owners can
 * be set per team folder.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/projects/
 *
 * @example
 * const payments = new Team(ops, 'payments');
 * new AppDelivery(payments, 'checkout', { ... });   // Applications in AppProject 'payments'
 */
export class Team extends Construct {
  /** The nearest Team `scope` is in, if any. */
  public static of(scope: IConstruct): Team | undefined {
    for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
      if (TEAM in c) return c as unknown as Team;
    }
    return undefined;
  }

  /** The team's name. */
  public readonly name: string;
  /** The team's AppProject. */
  public readonly project: AppProject;

  constructor(scope: Construct, id: string, props: TeamProps = {}) {
    super(scope, freeId(scope, id, 'Give the team an id no other construct of the OpsRepo has (argocd and front-page are its own)'));
    Object.defineProperty(this, TEAM, { value: true });
    requireObject(this, 'props', props, 'Give the team\'s props, e.g. { description: \'Checkout and payments\' }');
    const ops = OpsRepo.of(this);
    this.name = validateName(this, 'name', props.name ?? id, { format: NameFormat.LABEL, maxLength: 63 });
    ops.claim('team', this.name, this);
    ops.claim('AppProject', this.name, this);
    // An id no Application id (a lower-case name) can take: an app 'team' with an environment 'x' has one
    // named 'team-x'.
    this.project = new AppProject(ops.argocd, `AppProject-${this.name}`, {
      metadata: { name: this.name, annotations: projectWaveAnnotations() },
      description: props.description ?? `Apps of team ${this.name}`,
      deriveFromApplications: true,
    });
    setDefaultProject(this, this.project, this.name);
  }
}
