// A synthesis to be killed: run as a process of its own by test/support/crash.ts, with SYNTH_FAULT naming
// where it kills itself (lib/output/fault.ts), or killed from outside.
//   crash-child.ts shop <root> <app,app>   the shop ops repository (test/promotion/shop.ts) of those apps
//   crash-child.ts fleet <root> <apps>     the benchmark's fleet of that many apps (scripts/bench/fleet.ts)
import { buildFleet } from '../../scripts/bench/fleet';
import { shop } from '../promotion/shop';

const [mode, root, arg] = process.argv.slice(2);
const ops = mode === 'shop' ? shop(root!, { apps: arg!.split(',') }) : buildFleet({ apps: Number(arg), root: root! });
ops.synth();
