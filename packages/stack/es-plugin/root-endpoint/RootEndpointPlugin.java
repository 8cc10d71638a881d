/*
 * `GET /` for the minimal Elasticsearch distribution the local stack runs.
 *
 * Every full Elasticsearch answers `GET /` with its name, cluster and version
 * (the `rest-root` module). The integ-test distribution we get from Maven
 * leaves that module out, and answers 405. Clients call it to learn what they
 * talk to: the collector's elasticsearch receiver reads the version there on
 * every scrape (it gates some metrics on it) and the cluster name it puts on
 * the cluster metrics. So the stack adds the endpoint back, built from this
 * file at `stack up` against the node's own jars (no download).
 *
 * The answer has the fields and shape of Elasticsearch's own. It is read from
 * a local cluster-state request, so the caller needs what the real endpoint
 * needs with security on: a cluster `monitor` privilege.
 */
package jewelry.elasticsearch.root;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.state.ClusterStateAction;
import org.elasticsearch.action.admin.cluster.state.ClusterStateRequest;
import org.elasticsearch.action.admin.cluster.state.ClusterStateResponse;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.rest.action.RestBuilderListener;
import org.elasticsearch.xcontent.XContentBuilder;

public final class RootEndpointPlugin extends Plugin implements ActionPlugin {

    @Override
    public Collection<RestHandler> getRestHandlers(
        Settings settings,
        NamedWriteableRegistry namedWriteableRegistry,
        RestController restController,
        ClusterSettings clusterSettings,
        IndexScopedSettings indexScopedSettings,
        SettingsFilter settingsFilter,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        return List.of(new RootHandler());
    }

    static final class RootHandler extends BaseRestHandler {
        @Override
        public String getName() {
            return "jewelry_root_endpoint";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            // This node's view of the cluster: its name, uuid and the local node; no master round trip.
            ClusterStateRequest state = new ClusterStateRequest(TimeValue.timeValueSeconds(30)).clear().metadata(true).nodes(true);
            state.local(true);
            return channel -> client.execute(ClusterStateAction.INSTANCE, state, new RestBuilderListener<ClusterStateResponse>(channel) {
                @Override
                public RestResponse buildResponse(ClusterStateResponse response, XContentBuilder builder) throws Exception {
                    if (request.method() == RestRequest.Method.HEAD) {
                        return new RestResponse(RestStatus.OK, builder.startObject().endObject());
                    }
                    Build build = Build.current();
                    builder.startObject();
                    builder.field("name", response.getState().nodes().getLocalNode().getName());
                    builder.field("cluster_name", response.getClusterName().value());
                    builder.field("cluster_uuid", response.getState().metadata().clusterUUID());
                    builder.startObject("version")
                        .field("number", build.qualifiedVersion())
                        .field("build_flavor", build.flavor())
                        .field("build_type", build.type().displayName())
                        .field("build_hash", build.hash())
                        .field("build_date", build.date())
                        .field("build_snapshot", build.isSnapshot())
                        .field("lucene_version", org.apache.lucene.util.Version.LATEST.toString())
                        .field("minimum_wire_compatibility_version", build.minWireCompatVersion())
                        .field("minimum_index_compatibility_version", build.minIndexCompatVersion())
                        .endObject();
                    builder.field("tagline", "You Know, for Search");
                    builder.endObject();
                    return new RestResponse(RestStatus.OK, builder);
                }
            });
        }
    }
}
