import { ApiObject } from 'cdk8s';
import { Application } from './imports/argocd-application-argoproj.io';
import { FolderChart, OpsApp } from './lib';

// Configuration of the ops repo. Everything that has logic lives in lib/.
const opsRepo = {
  url: 'https://github.com/springone-tour-2020-cicd/go-sample-app-ops.git',
  branch: 'main',
};

export const app = new OpsApp();

const tekton = new FolderChart(app, 'tekton', { folder: 'go-sample-app/tekton', namespace: 'default' });
new ApiObject(tekton, 'hello', {
  apiVersion: 'tekton.dev/v1',
  kind: 'Task',
  metadata: { name: 'hello' },
  spec: {
    params: [{ name: 'greeting', type: 'string', default: 'Hello, world!' }],
    steps: [{
      name: 'echo',
      image: 'docker.io/library/alpine:3.20',
      script: '#!/bin/sh\necho "$(params.greeting)"\n',
    }],
  },
});

const argocd = new FolderChart(app, 'argocd', { folder: 'argocd', namespace: 'argocd' });
new Application(argocd, 'go-sample-app-tekton', {
  metadata: { name: 'go-sample-app-tekton' },
  spec: {
    project: 'default',
    source: { repoUrl: opsRepo.url, targetRevision: opsRepo.branch, path: `dist/${tekton.folder}` },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'default' },
    syncPolicy: { automated: { prune: true, selfHeal: true } },
  },
});

if (require.main === module) app.synth();
