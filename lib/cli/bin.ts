#!/usr/bin/env node
// The `cdk8s-push-delivery` command (package.json `bin`): `synth`, `plan` and `promote` (lib/cli/cli.ts).
import { runCli } from './cli';

process.exitCode = runCli(process.argv.slice(2));
