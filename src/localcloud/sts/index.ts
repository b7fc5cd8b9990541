/**
 * @module STS (awsQuery, version 2011-06-15): GetCallerIdentity, the account the emulator is.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
import { ACCOUNT_ID, type Handler } from '../context.js'

/** The emulator has one caller: an IAM user of its one account. */
export const LOCAL_CALLER = { userId: 'AIDALOCALCLOUDCALLER', userName: 'local-cloud' }

const getCallerIdentity: Handler = () => ({
  UserId: LOCAL_CALLER.userId,
  Account: ACCOUNT_ID,
  Arn: `arn:aws:iam::${ACCOUNT_ID}:user/${LOCAL_CALLER.userName}`,
})

export const stsHandlers: Record<string, Handler> = { GetCallerIdentity: getCallerIdentity }
