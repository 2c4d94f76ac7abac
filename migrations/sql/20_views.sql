-- Repeatable: derived views. security_invoker makes the caller's row-level
-- security apply through the view.
CREATE OR REPLACE VIEW stock_on_hand WITH (security_invoker = true) AS
SELECT m.tenant_id,
       m.part_id,
       m.stock_location_id,
       sum(m.quantity) AS quantity,
       max(m.occurred_at) AS last_movement_at
FROM inventory_movements m
GROUP BY m.tenant_id, m.part_id, m.stock_location_id;

GRANT SELECT ON stock_on_hand TO plantkeep_app;
