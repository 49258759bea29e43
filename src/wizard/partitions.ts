/**
 * The AWS partitions the wizard offers, with their regions (the list a user picks the SSO region
 * and default region from) and what their AWS access portal URLs look like.
 */
import { type Partition, partitionOf } from "../aws/endpoints"

export interface Region {
  readonly id: string
  readonly name: string
}

export interface PartitionInfo {
  readonly id: Partition
  readonly label: string
  readonly regions: ReadonlyArray<Region>
  /** The usual form of a start URL in this partition, shown while it is asked for. */
  readonly startUrlExample: string
}

const r = (id: string, name: string): Region => ({ id, name })

export const partitions: ReadonlyArray<PartitionInfo> = [
  {
    id: "aws",
    label: "AWS Commercial",
    startUrlExample: "https://d-xxxxxxxxxx.awsapps.com/start",
    regions: [
      r("us-east-1", "US East (N. Virginia)"),
      r("us-east-2", "US East (Ohio)"),
      r("us-west-1", "US West (N. California)"),
      r("us-west-2", "US West (Oregon)"),
      r("af-south-1", "Africa (Cape Town)"),
      r("ap-east-1", "Asia Pacific (Hong Kong)"),
      r("ap-east-2", "Asia Pacific (Taipei)"),
      r("ap-south-1", "Asia Pacific (Mumbai)"),
      r("ap-south-2", "Asia Pacific (Hyderabad)"),
      r("ap-southeast-1", "Asia Pacific (Singapore)"),
      r("ap-southeast-2", "Asia Pacific (Sydney)"),
      r("ap-southeast-3", "Asia Pacific (Jakarta)"),
      r("ap-southeast-4", "Asia Pacific (Melbourne)"),
      r("ap-southeast-5", "Asia Pacific (Malaysia)"),
      r("ap-southeast-7", "Asia Pacific (Thailand)"),
      r("ap-northeast-1", "Asia Pacific (Tokyo)"),
      r("ap-northeast-2", "Asia Pacific (Seoul)"),
      r("ap-northeast-3", "Asia Pacific (Osaka)"),
      r("ca-central-1", "Canada (Central)"),
      r("ca-west-1", "Canada West (Calgary)"),
      r("eu-central-1", "Europe (Frankfurt)"),
      r("eu-central-2", "Europe (Zurich)"),
      r("eu-west-1", "Europe (Ireland)"),
      r("eu-west-2", "Europe (London)"),
      r("eu-west-3", "Europe (Paris)"),
      r("eu-south-1", "Europe (Milan)"),
      r("eu-south-2", "Europe (Spain)"),
      r("eu-north-1", "Europe (Stockholm)"),
      r("il-central-1", "Israel (Tel Aviv)"),
      r("me-south-1", "Middle East (Bahrain)"),
      r("me-central-1", "Middle East (UAE)"),
      r("mx-central-1", "Mexico (Central)"),
      r("sa-east-1", "South America (Sao Paulo)")
    ]
  },
  {
    id: "aws-us-gov",
    label: "AWS GovCloud (US)",
    startUrlExample: "https://start.us-gov-home.awsapps.com/directory/d-xxxxxxxxxx",
    regions: [r("us-gov-west-1", "AWS GovCloud (US-West)"), r("us-gov-east-1", "AWS GovCloud (US-East)")]
  },
  {
    id: "aws-cn",
    label: "AWS China",
    startUrlExample: "https://d-xxxxxxxxxx.awsapps.cn/start",
    regions: [r("cn-north-1", "China (Beijing)"), r("cn-northwest-1", "China (Ningxia)")]
  },
  {
    id: "aws-eusc",
    label: "AWS European Sovereign Cloud",
    startUrlExample: "the AWS access portal URL from the IAM Identity Center console",
    regions: [r("eusc-de-east-1", "AWS European Sovereign Cloud (Germany)")]
  }
]

export const partitionInfo = (id: Partition): PartitionInfo => partitions.find((p) => p.id === id) ?? partitions[0]!

/** The partition of a region; regions of no partition count as commercial, as in the SDK. */
export const partitionOfRegion = (region: string): PartitionInfo => partitionInfo(partitionOf(region))

/** True when `region` has the form of a region of `partition` (listed or not). */
export const regionFitsPartition = (region: string, partition: Partition): boolean =>
  /^[a-z]+(-[a-z]+)+-\d+$/.test(region) && partitionOf(region) === partition

/** The region a start URL names, for the newer portal URLs that carry one. */
export const regionInStartUrl = (url: string): string | undefined => {
  const host = /^https:\/\/([^/]+)/i.exec(url.trim())?.[1]?.toLowerCase() ?? ""
  return /\.portal\.([a-z0-9-]+)\.app\.aws$/.exec(host)?.[1] ??
    /^start\.([a-z0-9-]+)\.us-gov-home\.awsapps\.com$/.exec(host)?.[1]
}
