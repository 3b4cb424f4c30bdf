-- Places of the clusters that the gazetteer could put on the map (lat/lon known), one row per
-- cluster and place: the page's map counts the clusters it can see at each place.
WITH located AS (
    SELECT cm.cluster_id, coalesce(p.name, p.text) AS name, p.country_code, p.lat, p.lon
    FROM cluster_members AS cm
    JOIN event_places AS p ON p.event_id = cm.event_id
    WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL
),
final AS (
    SELECT cluster_id, name, any_value(country_code) AS country_code, avg(lat) AS lat, avg(lon) AS lon
    FROM located
    GROUP BY cluster_id, name
)
SELECT * FROM final
ORDER BY name, cluster_id;
