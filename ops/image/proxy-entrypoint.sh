#!/bin/sh
# nginx terminating TLS in front of the application (production cookies carry the __Host- prefix,
# so the browser must see HTTPS). Mount a real certificate at /etc/ssl/safeguarding/; otherwise a
# self-signed one is made for a trial.
set -e
certs=/etc/ssl/safeguarding
if [ ! -s "$certs/tls.crt" ]; then
  mkdir -p "$certs"
  openssl req -x509 -newkey rsa:3072 -nodes -days 30 -subj "/CN=${SERVER_NAME:-localhost}" \
    -keyout "$certs/tls.key" -out "$certs/tls.crt" 2>/dev/null
fi
cat > /etc/nginx/conf.d/safeguarding.conf <<CONF
server {
  listen 443 ssl;
  server_name ${SERVER_NAME:-localhost};
  ssl_certificate $certs/tls.crt;
  ssl_certificate_key $certs/tls.key;
  ssl_protocols TLSv1.2 TLSv1.3;
  client_max_body_size 60m;
  location / {
    proxy_pass http://app:8000;
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-Proto https;
    proxy_set_header X-Forwarded-For \$remote_addr;
  }
}
server { listen 80; return 301 https://\$host\$request_uri; }
CONF
rm -f /etc/nginx/sites-enabled/default
exec nginx -g 'daemon off;'
