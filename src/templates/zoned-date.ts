import { Drop } from 'liquidjs';

/**
 * A moment with the time zone it should be shown in (an event's zone, or the project's). Templates
 * see it as a value they can pass to the date filters (`{{ event.start | local_date }}`); printed
 * as is it is the ISO date-time. The zone travels with the value, so no template has to repeat it
 * and no date is ever shown in the server's zone.
 */
export class ZonedDate extends Drop {
  /** The ISO 8601 date-time, e.g. 2023-11-13T09:00:00+02:00. */
  readonly iso: string;
  /** IANA zone it is shown in, e.g. Europe/Sofia. */
  readonly zone: string;
  private readonly date: Date;

  constructor(iso: string, zone: string) {
    super();
    this.iso = iso;
    this.zone = zone;
    this.date = new Date(iso);
  }

  toDate(): Date {
    return this.date;
  }

  override valueOf(): string {
    return this.iso;
  }

  override toString(): string {
    return this.iso;
  }
}
