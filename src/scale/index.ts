/**
 * Scale-out on PostgreSQL's own replication (issue #22, docs/scaling.md): which server a request's
 * read-only look-ups are read from, and read-your-writes across replicas. The reader itself (the
 * replicas' pools and lag checks) is src/db/replicas.ts; the app opens it (src/app.ts).
 */

export { isClusterWorker, superviseWorkers } from './cluster.ts';
export {
  READ_AFTER_COOKIE,
  READ_YOUR_WRITES_SECONDS,
  type ReadingApp,
  readerFor,
  readOnlyRequest,
  readYourWrites,
} from './read-your-writes.ts';
