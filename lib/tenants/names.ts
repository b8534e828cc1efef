/** The Secret in a tenant namespace that holds the workers' cloud-init join data. */
export const JOIN_SECRET = "worker-join";

/** Deterministic names of everything derived from a tenant, so a restarted reconciler finds what it made. */
export const tenantNames = (tenant: string) => ({
  namespace: `tenant-${tenant}`,
  vpc: `kmetal-${tenant}`,
  subnet: `kmetal-${tenant}`,
  vlan: `kmetal-${tenant}`,
  dataStore: `kmetal-${tenant}-etcd`,
  dataStoreSecret: "datastore-certs",
  controlPlane: tenant,
  joinSecret: JOIN_SECRET,
  quota: "kmetal-quota",
  vm: (pool: string, index: number) => `${pool}-${index}`,
});

export const TENANT_LABEL = "kmetal.io/tenant";
export const POOL_LABEL = "kmetal.io/pool";
export const MANAGED_BY = { "app.kubernetes.io/managed-by": "kmetal" } as const;
/** The shared underlay network that VLAN tenants attach to (a platform object, owned by no tenant). */
export const UNDERLAY_PROVIDER = "kmetal-underlay";
export const TENANT_FINALIZER = "kmetal.io/tenant-cleanup";
/** Above Kube-OVN's own egress reroutes (up to 29150), below its 31000 allow for a VPC's own subnets. */
export const PLATFORM_DROP_PRIORITY = 30000;
/** On the reconciler's Events: millisecond time and a sequence, so events of one second keep their order. */
export const EVENT_TIME_ANNOTATION = "kmetal.io/event-time";
