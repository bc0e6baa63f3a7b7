import { ConfigError } from '../../lambda/config/config-error';

/** The message of the ConfigError `act` throws; fails the test if it throws none, or another error. */
export function configErrorOf(act: () => unknown): string {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}
