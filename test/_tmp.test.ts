import { renderApp } from '../lib/output/render';
import { teamsRepo, teamsRoot } from './delivery/teams-fixture';
test('x', () => {
  const root = teamsRoot();
  const { ops } = teamsRepo(root);
  let files: Map<string,string>;
  try { files = renderApp(ops); } catch (e) { console.log((e as Error).message); throw e; }
  console.log([...files.keys()].join('\n'));
  console.log(files.get('README.md'));
  console.log(files.get('argocd/appproject-payments.yaml'));
});
