-- A callback the web shop asked for (`callback.requested`) keeps the event's external id, like
-- the orders, carts and feedback it sends: its ingest receipt then points at what it made, and a
-- replayed event is recognised by the row as well as by the receipt.
alter table callback add column external_id text unique;
