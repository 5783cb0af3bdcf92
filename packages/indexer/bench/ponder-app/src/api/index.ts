import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { graphql } from "ponder";

// Ponder requires an API file; GraphQL is what a Ponder user would query. The harness measures through the
// built-in /ready and /status endpoints (status is committed in the same transaction as the block's rows).
const app = new Hono();
app.use("/graphql", graphql({ db, schema }));

export default app;
