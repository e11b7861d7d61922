import { must } from '../../shared/model/must';

/** A value the test reads next: when it is missing the test fails on this line instead of on a later `undefined`. */
export function defined<T>(value: T | null | undefined): T {
  return must(value, 'the test expected a value here');
}
