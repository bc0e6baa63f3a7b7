import { CredentialsError } from '../../core/errors';
import type { CbsCredentials } from '../cbs/cbs-http-client';
import type { CredentialsSource } from './credentials-source';

/** For local runs against a real CBS without AWS: `CBS_SYS_USER` and `CBS_SYS_PWD`. */
export class EnvCredentials implements CredentialsSource {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(): Promise<CbsCredentials> {
    const sysUser = this.env.CBS_SYS_USER;
    const sysPwd = this.env.CBS_SYS_PWD;
    if (!sysUser || !sysPwd) throw new CredentialsError('set both CBS_SYS_USER and CBS_SYS_PWD');
    return { sysUser, sysPwd };
  }

  static isConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
    return Boolean(env.CBS_SYS_USER && env.CBS_SYS_PWD);
  }
}
