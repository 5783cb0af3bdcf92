import assert from "node:assert/strict";
import { test } from "node:test";
import { redactRpcUrl } from "./redactRpcUrl.ts";

test("redactRpcUrl hides keys in the path, the query and credentials", () => {
  assert.equal(redactRpcUrl("http://127.0.0.1:41235"), "http://127.0.0.1:41235");
  assert.equal(redactRpcUrl("https://sepolia.base.org"), "https://sepolia.base.org");
  assert.equal(
    redactRpcUrl("https://base-mainnet.g.alchemy.com/v2/AbCdEf0123456789AbCdEf0123"),
    "https://base-mainnet.g.alchemy.com/v2/***",
  );
  assert.equal(
    redactRpcUrl("https://base.infura.io/v3/0123456789abcdef0123456789abcdef"),
    "https://base.infura.io/v3/***",
  );
  assert.equal(redactRpcUrl("https://rpc.example.com/?apikey=s3cret"), "https://rpc.example.com/?apikey=***");
  assert.equal(redactRpcUrl("https://user:pass@rpc.example.com/"), "https://***@rpc.example.com/");
  assert.equal(redactRpcUrl("not a url"), "<malformed URL>");
});
