/**
 * aws-sso setup ecs auth|ssl: the bearer token and the TLS certificate of the ECS server, kept in
 * the secure store. The server and the `ecs` client commands read them from there.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as FileSystem from "@effect/platform/FileSystem"
import { Effect, Either, Option, Redacted } from "effect"
import { EcsFlagsInvalid, EcsNoCertificate, EcsTlsMaterialInvalid } from "../../ecs/errors"
import { checkCertificate, checkPrivateKey } from "../../ecs/tlsMaterial"
import { EcsCertificate } from "../../store/records"
import { SecureStore } from "../../store/SecureStore"
import { withStore } from "../context"

const authOptions = {
  bearerToken: Options.text("bearer-token").pipe(
    Options.withAlias("t"),
    Options.withDescription("The token clients must send (`-` reads it from stdin, out of the shell history)"),
    Options.optional
  ),
  delete: Options.boolean("delete").pipe(Options.withAlias("d"), Options.withDescription("Delete the stored token"))
}

const readStdin = Effect.promise(async () => {
  const chunks: Array<Buffer> = []
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "")
})

/** Upstream's checks: not empty, and without the `Bearer ` scheme (the server adds it). */
export const checkBearerToken = (token: string): Either.Either<string, EcsFlagsInvalid> => {
  if (token.trim() === "") return Either.left(new EcsFlagsInvalid({ reason: "no bearer token provided" }))
  if (/^bearer /i.test(token)) {
    return Either.left(new EcsFlagsInvalid({ reason: "token should not start with 'Bearer '" }))
  }
  if (/[\s\x00-\x1f\x7f]/.test(token)) {
    return Either.left(new EcsFlagsInvalid({ reason: "the token cannot contain spaces or control characters" }))
  }
  return Either.right(token)
}

const commandSetupEcsAuth = Command.make("auth", authOptions, (flags) =>
  Effect.gen(function*() {
    if (flags.delete && Option.isSome(flags.bearerToken)) {
      return yield* new EcsFlagsInvalid({ reason: "--bearer-token and --delete cannot be used together" })
    }
    if (!flags.delete && Option.isNone(flags.bearerToken)) {
      return yield* new EcsFlagsInvalid({ reason: "give --bearer-token <token> to store a token, or --delete" })
    }
    const given = Option.getOrElse(flags.bearerToken, () => "")
    const token = flags.delete ? "" : yield* checkBearerToken(given === "-" ? yield* readStdin : given)
    return yield* withStore(Effect.gen(function*() {
      const store = yield* SecureStore
      if (flags.delete) {
        yield* store.deleteEcsBearerToken()
        yield* Effect.logInfo("Deleted the ECS server bearer token")
      } else {
        yield* store.putEcsBearerToken(Redacted.make(token))
        yield* Effect.logInfo(
          "Stored the ECS server bearer token; clients send it as AWS_CONTAINER_AUTHORIZATION_TOKEN=\"Bearer <token>\""
        )
      }
    }), { command: "setup ecs auth" })
  })).pipe(Command.withDescription("Store or delete the bearer token of the ECS server"))

const sslOptions = {
  delete: Options.boolean("delete").pipe(
    Options.withAlias("d"),
    Options.withDescription("Delete the stored certificate and key")
  ),
  print: Options.boolean("print").pipe(Options.withAlias("p"), Options.withDescription("Print the stored certificate")),
  certificate: Options.file("certificate", { exists: "yes" }).pipe(
    Options.withAlias("c"),
    Options.withDescription("PEM certificate (chain) of the server"),
    Options.optional
  ),
  privateKey: Options.file("private-key", { exists: "yes" }).pipe(
    Options.withAlias("k"),
    Options.withDescription("PEM PKCS#8 private key of the certificate"),
    Options.optional
  ),
  // Upstream made saving wait for --force while the feature was experimental; accepted, no longer needed.
  force: Options.boolean("force").pipe(Options.withDescription("Accepted for compatibility; not needed"))
}

const readPem = (file: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(file)).pipe(
    Effect.mapError((error) => new EcsTlsMaterialInvalid({ file, reason: error.message }))
  )

const commandSetupEcsSsl = Command.make("ssl", sslOptions, (flags) =>
  Effect.gen(function*() {
    const files = Option.isSome(flags.certificate) || Option.isSome(flags.privateKey)
    if (flags.delete && flags.print) {
      return yield* new EcsFlagsInvalid({ reason: "--delete and --print cannot be used together" })
    }
    if ((flags.delete || flags.print) && files) {
      const flag = flags.delete ? "--delete" : "--print"
      return yield* new EcsFlagsInvalid({ reason: `${flag} cannot be used with --certificate or --private-key` })
    }
    if (!flags.delete && !flags.print && Option.isNone(flags.certificate)) {
      return yield* new EcsFlagsInvalid({
        reason: "give --certificate <file> (and --private-key <file>) to store, or --print, or --delete"
      })
    }
    if (flags.print) {
      return yield* withStore(Effect.gen(function*() {
        const stored = yield* (yield* SecureStore).getEcsCertificate()
        if (Option.isNone(stored)) return yield* new EcsNoCertificate()
        const pem = stored.value.certChain
        process.stdout.write(pem.endsWith("\n") ? pem : pem + "\n")
      }), { command: "setup ecs ssl" })
    }
    if (flags.delete) {
      return yield* withStore(Effect.gen(function*() {
        yield* (yield* SecureStore).deleteEcsCertificate()
        yield* Effect.logInfo("Deleted the ECS server certificate and key")
      }), { command: "setup ecs ssl" })
    }
    const certFile = Option.getOrThrow(flags.certificate)
    const certChain = yield* Either.mapLeft(
      checkCertificate(yield* readPem(certFile)),
      (reason) => new EcsTlsMaterialInvalid({ file: certFile, reason })
    )
    const privateKey = yield* Option.match(flags.privateKey, {
      onNone: () => Effect.succeed(Option.none<string>()),
      onSome: (keyFile) =>
        Effect.flatMap(readPem(keyFile), (text) =>
          Either.match(checkPrivateKey(text, certChain), {
            onLeft: (reason) => Effect.fail(new EcsTlsMaterialInvalid({ file: keyFile, reason })),
            onRight: (pem) => Effect.succeed(Option.some(pem))
          }))
    })
    return yield* withStore(Effect.gen(function*() {
      yield* (yield* SecureStore).putEcsCertificate(
        new EcsCertificate({ certChain, privateKey: Option.getOrUndefined(Option.map(privateKey, Redacted.make)) })
      )
      yield* Effect.logInfo("Stored the ECS server certificate" + (Option.isSome(privateKey) ? " and key" : ""))
      if (Option.isNone(privateKey)) {
        yield* Effect.logWarning(
          "No private key stored: `ecs` commands now use HTTPS, but a server on this host serves HTTPS only " +
            "with a key (--private-key)"
        )
      }
      yield* Effect.logInfo(
        "Clients must trust this certificate: AWS_CA_BUNDLE=<file> for the AWS CLI and boto3, " +
          "NODE_EXTRA_CA_CERTS=<file> for Node.js SDKs"
      )
    }), { command: "setup ecs ssl" })
  })).pipe(Command.withDescription("Store, print or delete the TLS certificate and key of the ECS server"))

/** aws-sso setup ecs … */
export const commandSetupEcs = Command.make("ecs", {}, () => Effect.void).pipe(
  Command.withDescription("Configure the ECS server: bearer token (auth) and TLS certificate (ssl)"),
  Command.withSubcommands([commandSetupEcsAuth, commandSetupEcsSsl])
)
