import type { Tables2019, Tables2021 } from '../../shared/model/report';

// The @ts-expect-error lines are the test: `npx tsc --noEmit` fails if a misspelled key compiles.
// test/unit/model-types.test.ts checks the same schemas at run time.
type T21 = Tables2021;
type T19 = Tables2019;
export type TypeChecks = [
  T21['applications']['denied']['stateSecret']['naturalPerson'],
  T21['activeDisclosure']['regulations']['inForce'],
  T21['applications']['otherHandling']['noCorrection']['total'],
  T19['applications']['otherHandling']['total']['total'],
  T19['activeDisclosure']['procurement']['amount'],
  // @ts-expect-error a misspelled row
  T21['applications']['denied']['stateSecrets'],
  // @ts-expect-error a misspelled column
  T21['applications']['granted']['naturalPersons'],
  // @ts-expect-error a 2019 column in the 2021 table 二
  T21['activeDisclosure']['regulations']['made'],
  // @ts-expect-error a 2021 row in the 2019 table 三
  T19['applications']['otherHandling']['unpaidFee'],
];
