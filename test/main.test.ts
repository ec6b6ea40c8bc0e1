// The ops repo as reviewers see it: every file main.ts synthesizes.
import { app } from '../main';
import { renderApp } from '../lib/output/render';

test('dist/ snapshot', () => {
  const files = renderApp(app);
  expect(Object.fromEntries(files)).toMatchSnapshot();
});
