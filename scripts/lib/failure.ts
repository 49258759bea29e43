/** A build problem with a message written for the person running the build; printed without a stack trace. */
export class BuildFailure extends Error {
  override readonly name = "BuildFailure"
}
