/**
 * Checks of the files `setup ecs ssl` stores: a PEM X.509 certificate (chain) and, optionally, its
 * private key in PEM PKCS#8 form (upstream refuses SEC1 and PKCS#1 keys; so do we, with the
 * command that converts them).
 */
import { Either } from "effect"
import { createPrivateKey, X509Certificate } from "node:crypto"

const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g

const blocksOf = (text: string): ReadonlyArray<{ readonly label: string; readonly pem: string }> =>
  Array.from(text.matchAll(pemBlock), (m) => ({ label: m[1]!, pem: m[0] }))

/** The certificate chain as PEM text, or why it is not one. */
export const checkCertificate = (text: string): Either.Either<string, string> => {
  const certs = blocksOf(text).filter((b) => b.label === "CERTIFICATE")
  if (certs.length === 0) return Either.left("not a PEM certificate (expected -----BEGIN CERTIFICATE-----)")
  for (const cert of certs) {
    try {
      new X509Certificate(cert.pem)
    } catch (error) {
      return Either.left(`not a valid X.509 certificate: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  return Either.right(certs.map((c) => c.pem).join("\n") + "\n")
}

const pkcs8Hint = "convert it with `openssl pkcs8 -topk8 -nocrypt -in <key> -out <key.pk8>`"

/** The private key as PEM PKCS#8 text, or why it is not one; it must belong to the certificate. */
export const checkPrivateKey = (text: string, certChain: string): Either.Either<string, string> => {
  const blocks = blocksOf(text)
  if (blocks.some((b) => b.label === "ENCRYPTED PRIVATE KEY")) {
    return Either.left(`the key is encrypted; the server needs it without a passphrase (${pkcs8Hint})`)
  }
  if (blocks.some((b) => b.label === "EC PRIVATE KEY" || b.label === "RSA PRIVATE KEY")) {
    return Either.left(`the key must be PKCS#8 ("BEGIN PRIVATE KEY"), not SEC1 or PKCS#1; ${pkcs8Hint}`)
  }
  const key = blocks.find((b) => b.label === "PRIVATE KEY")
  if (key === undefined) return Either.left("not a PEM private key (expected -----BEGIN PRIVATE KEY-----)")
  let parsed
  try {
    parsed = createPrivateKey({ key: key.pem, format: "pem" })
  } catch (error) {
    return Either.left(`not a valid private key: ${error instanceof Error ? error.message : String(error)}`)
  }
  const leaf = blocksOf(certChain).find((b) => b.label === "CERTIFICATE")
  if (leaf !== undefined && !new X509Certificate(leaf.pem).checkPrivateKey(parsed)) {
    return Either.left("the key does not belong to the certificate")
  }
  return Either.right(key.pem + "\n")
}
