import type { WebhookEventName } from '@octokit/webhooks-types';

/** A GitHub webhook event name, as GitHub sends it in the `X-GitHub-Event` header (`push`, `pull_request`, ...). */
export type GitHubEventName = WebhookEventName;

// A Record over the type makes the compiler check the list against @octokit/webhooks-types both ways:
// a missing or a misspelt event name does not compile.
const EVENTS: Record<GitHubEventName, true> = {
  branch_protection_configuration: true, branch_protection_rule: true, check_run: true, check_suite: true,
  code_scanning_alert: true, commit_comment: true, create: true, custom_property: true,
  custom_property_values: true, delete: true, dependabot_alert: true, deploy_key: true, deployment: true,
  deployment_protection_rule: true, deployment_review: true, deployment_status: true, discussion: true,
  discussion_comment: true, fork: true, github_app_authorization: true, gollum: true, installation: true,
  installation_repositories: true, installation_target: true, issue_comment: true, issues: true, label: true,
  marketplace_purchase: true, member: true, membership: true, merge_group: true, meta: true, milestone: true,
  org_block: true, organization: true, package: true, page_build: true, ping: true, project: true,
  project_card: true, project_column: true, projects_v2_item: true, public: true, pull_request: true,
  pull_request_review: true, pull_request_review_comment: true, pull_request_review_thread: true, push: true,
  registry_package: true, release: true, repository: true, repository_dispatch: true, repository_import: true,
  repository_vulnerability_alert: true, secret_scanning_alert: true, secret_scanning_alert_location: true,
  security_advisory: true, sponsorship: true, star: true, status: true, team: true, team_add: true, watch: true,
  workflow_dispatch: true, workflow_job: true, workflow_run: true,
};

/** Every GitHub webhook event name the GitHub interceptor can be asked to accept, sorted. */
export const GITHUB_EVENT_NAMES: readonly GitHubEventName[] = (Object.keys(EVENTS) as GitHubEventName[]).sort();

/** True when `name` is a GitHub webhook event name. */
export function isGitHubEventName(name: string): name is GitHubEventName {
  return Object.prototype.hasOwnProperty.call(EVENTS, name);
}
