/** The agent run could not start (bad selection, no profile, lock held): nothing ran. */
export class AgentError extends Error {
  override name = 'AgentError';
}
