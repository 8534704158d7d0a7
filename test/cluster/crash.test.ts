import { crashSuite } from '../crash/crash-suite.ts';

// The crash test on a private three-master Redis Cluster of its own (each run starts one): the
// master that owns the project's slot is the one restarted, SIGKILLed and cut back.
crashSuite({ cluster: true });
