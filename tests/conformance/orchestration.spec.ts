// The orchestration operations of the catalog: one test per operation, a step per family.
import { defineConformanceTests } from './define.ts';

defineConformanceTests('orchestration');
