import type { FieldInput } from './field-types';
import { events, type EventKey } from './events';
import { fields } from './fields';

type Required_<K extends EventKey> = (typeof events)[K]['required'][number];
type Optional_<K extends EventKey> = (typeof events)[K]['optional'][number];

/** What the typed function of event K takes, derived from the catalogue. */
export type EventInput<K extends EventKey> = {
  [F in Required_<K>]: FieldInput<(typeof fields)[F]>;
} & {
  [F in Optional_<K>]?: FieldInput<(typeof fields)[F]>;
};
