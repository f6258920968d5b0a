// `npm run plans [-- --read-only]`: prints the resource model's request plan of every catalog operation.
import { loadCatalog } from '../catalog/load.ts';
import { describePlan, Planner } from './request-plan.ts';

const planner = new Planner(loadCatalog(), { readOnly: process.argv.includes('--read-only'), existing: {} });
console.log(planner.plans().map(describePlan).join('\n'));
