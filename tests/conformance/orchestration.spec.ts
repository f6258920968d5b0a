// The orchestration operations of the catalog, one test per operation × family.
import { defineConformanceTests } from './define.ts';

defineConformanceTests('orchestration');
