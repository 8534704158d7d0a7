/**
 * What creating a post did, by the state it was created in: only a scheduled post gets a job; one
 * that needs approval gets none until someone approves it (the scheduler queues scheduled ones only).
 */
const CREATED_AS: Readonly<Record<string, string>> = {
  scheduled: 'queued',
  'awaiting-approval': 'waiting for approval',
};

/** A planned post as schedule, ingest and the desk report it (ScheduledPostReport, or a dry run's plan). */
export interface ActedPost {
  state: string;
  /** After queuing: created / restored / updated / unchanged / kept / cancelled; none in a dry run of ingest. */
  action?: string;
  note?: string;
}

/**
 * What happened to a post (or, in a dry run, would), in the words people read: "queued", "waiting
 * for approval", "kept: already published"… The command line and the desk say it alike.
 */
export function postActionWords(post: ActedPost): string {
  if (post.action === 'created') return post.note ?? CREATED_AS[post.state] ?? `created as ${post.state}`;
  return post.note ? `${post.action}: ${post.note}` : (post.action ?? '');
}

/** A post a plan queued or sent to a person anew: created, or restored after the plan had cancelled it. */
export function plannedAnew(post: ActedPost): boolean {
  return post.action === 'created' || post.action === 'restored';
}
