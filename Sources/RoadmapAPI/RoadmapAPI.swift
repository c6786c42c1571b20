// The types and server protocol of this target are generated at build time from
// openapi.yaml (symlinked here) by the swift-openapi-generator plugin. Nothing to write by hand.
