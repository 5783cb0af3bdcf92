import assert from "node:assert/strict";
import { test } from "node:test";
import { safeAbi } from "@coinscious/chain";
import { logAnchorAbi, securityTokenAbi } from "@coinscious/contracts";
import { type Abi, type Address, toEventSelector } from "viem";
import { InvalidSourcesError } from "../errors/errors.ts";
import { testAddress } from "../test/fakeChain.ts";
import { createSourceRegistry } from "./createSourceRegistry.ts";
import { getManifestSources, type ManifestSourcesInput } from "./getManifestSources.ts";

const contract = (address: Address, blockNumber: number | null) => ({
  address,
  contractName: "",
  txHash: null,
  blockNumber,
  artifactHash: "0x" as const,
  codeHash: "0x" as const,
  salt: "0x" as const,
});

const manifest: ManifestSourcesInput = {
  chainId: 8453,
  startBlock: 100,
  contracts: {
    timelock: contract(testAddress(1), 100),
    registry: contract(testAddress(2), 101),
    registryImplementation: contract(testAddress(3), 101),
    factory: contract(testAddress(4), 102),
    token: contract(testAddress(5), 103),
    logAnchor: contract(testAddress(6), null),
  },
  safe: {
    address: testAddress(7),
    owners: [],
    threshold: 2,
    version: "1.4.1",
    origin: "existing",
    infrastructure: {} as never,
  },
};

test("a manifest becomes the contracts, their start blocks and the factory", () => {
  const sources = getManifestSources(manifest);
  assert.equal(sources.chainId, 8453);
  assert.equal(sources.startBlock, 100n);
  assert.deepEqual(
    sources.contracts.map((c) => [c.name, c.address, c.startBlock]),
    [
      ["token", testAddress(5), 103n],
      ["registry", testAddress(2), 101n],
      ["logAnchor", testAddress(6), 100n],
      ["timelock", testAddress(1), 100n],
      ["safe", testAddress(7), 100n],
      ["factory", testAddress(4), 102n],
    ],
  );
  assert.equal(sources.contracts.find((c) => c.name === "safe")?.abi, safeAbi);
  assert.deepEqual(
    sources.factories.map((f) => [f.address, f.eventName, f.addressArgument, f.child.name, f.startBlock]),
    [[testAddress(4), "TokenClassCreated", "token", "token", 102n]],
  );
  const registry = createSourceRegistry(sources);
  assert.equal(registry.addresses().length, 6);
  const topics = registry.topics();
  assert.ok(topics.includes(toEventSelector("Transfer(address,address,uint256)")));
  assert.ok(topics.includes(toEventSelector("TokenClassCreated(address,address,bytes32,string)")));
  assert.equal(new Set(topics).size, topics.length);
  assert.throws(() => getManifestSources({ ...manifest, contracts: {} }), InvalidSourcesError);
});

test("an address listed with two ABIs is refused; children roll back with their block", () => {
  const one = { name: "a", address: testAddress(1), abi: securityTokenAbi as Abi, startBlock: 1n };
  const two = { ...one, name: "b", abi: logAnchorAbi as Abi };
  assert.throws(
    () => createSourceRegistry({ chainId: 1, startBlock: 1n, contracts: [one, two], factories: [] }),
    InvalidSourcesError,
  );
  const factory = {
    name: "factory",
    address: testAddress(9),
    abi: [] as Abi,
    eventName: "TokenClassCreated",
    addressArgument: "token",
    child: { name: "token", abi: securityTokenAbi as Abi },
    startBlock: 1n,
  };
  const registry = createSourceRegistry({
    chainId: 1,
    startBlock: 1n,
    contracts: [one],
    factories: [factory],
  });
  assert.equal(registry.addChild({ factory, address: testAddress(10), blockNumber: 5n }), true);
  assert.equal(registry.addChild({ factory, address: testAddress(10), blockNumber: 5n }), false);
  assert.equal(registry.addChild({ factory, address: testAddress(1), blockNumber: 6n }), false);
  assert.equal(registry.addChild({ factory, address: testAddress(11), blockNumber: 7n }), true);
  registry.rollback(6n);
  assert.deepEqual(
    registry.children().map((c) => c.address),
    [testAddress(10)],
  );
  assert.equal(registry.find(testAddress(11).toLowerCase()), undefined);
  assert.equal(registry.find(testAddress(10).toLowerCase())?.name, "token");
});
