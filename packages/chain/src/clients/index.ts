export { assertChainId } from "./assertChainId.ts";
export {
  type CreateChainClientsParameters,
  type CreateChainClientsReturnType,
  createChainClients,
} from "./createChainClients.ts";
export {
  type CreateRpcTransportParameters,
  createRpcTransport,
  supportsRawRequests,
} from "./createRpcTransport.ts";
export {
  ChainIdMismatchError,
  InvalidRpcUrlError,
  type RpcAttempt,
  RpcUnavailableError,
  UnknownNetworkError,
} from "./errors.ts";
export { type GetNetworkChainParameters, getNetworkChain } from "./getNetworkChain.ts";
export { isNetworkName, NETWORK_CHAIN_IDS, NETWORK_NAMES, type NetworkName } from "./networks.ts";
export {
  RAW_REQUEST_METHOD,
  type RawRequestParameters,
  type RawRequestResult,
} from "./postRawJsonRpc.ts";
export { redactRpcUrl } from "./redactRpcUrl.ts";
