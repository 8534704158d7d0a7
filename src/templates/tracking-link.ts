/** Options of {@link trackingLink}. */
export interface TrackingOptions {
  /** utm_source: the platform. */
  source: string;
  /** utm_medium, e.g. "social". */
  medium: string;
  /** utm_campaign: the news id. */
  campaign: string;
}

/**
 * The link with UTM parameters, so the website's statistics show which platform and which news a
 * visit came from. Parameters already on the link are kept, UTM ones replaced; a fragment stays last.
 */
export function trackingLink(url: string, options: TrackingOptions): string {
  const link = new URL(url);
  link.searchParams.set('utm_source', options.source);
  link.searchParams.set('utm_medium', options.medium);
  link.searchParams.set('utm_campaign', options.campaign);
  return link.toString();
}
