// The operations of every service type of the catalog that has no spec file of its own (a folder of
// specs/ new to the suite): one test per operation, a step per family, as in the others.
import { defineOtherServiceTests } from './define.ts';

defineOtherServiceTests();
