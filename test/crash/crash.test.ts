import { crashSuite } from './crash-suite.ts';

// On one Redis server; test/cluster/crash.test.ts runs the same suite on a Redis Cluster.
crashSuite({ cluster: false });
