/*
 * xlcheck: read an xl domain configuration with Xen's own parser
 * (libxlutil) and check what xl would check before creating the domain.
 *
 *   xlcheck FILE [KEY:TYPE...]     TYPE: long, string, list, bool
 *
 * The file is read with xlu_cfg_readfile (syntax), every `disk` entry goes
 * through xlu_disk_parse, `vif` entries are split as xl splits them (with
 * the MAC parsed), `on_*` actions, `type` and `bootloader_args` are checked
 * like xl does, and each KEY:TYPE given must be present with that type.
 * Every value read is printed on standard output as one JSON object per
 * line, so that a test can compare what Xen read with what was written.
 *
 * Exit status: 0 accepted, 1 rejected (the parser's message on standard
 * error), 2 usage or I/O error.
 *
 * Build: gcc -O2 -Wall -Werror -o xlcheck xlcheck.c -lxlutil -lxenlight
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl.h>
#include <libxlutil.h>

static const char *file_name;
static int rejected;

static void reject(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "xlcheck: %s: ", file_name);
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    rejected = 1;
}

static void print_json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c < 0x20 || c == 0x7f) printf("\\u%04x", c);
        else putchar(c);
    }
    putchar('"');
}

static void print_field(const char *name, const char *value, int last)
{
    print_json_string(name);
    putchar(':');
    if (value) print_json_string(value);
    else fputs("null", stdout);
    if (!last) putchar(',');
}

/* The action names xl accepts for on_poweroff, on_reboot... (xl.cfg(5)). */
static const char *const shutdown_actions[] = {
    "destroy", "restart", "rename-restart", "preserve",
    "coredump-destroy", "coredump-restart", "soft-reset",
};

static void check_action(XLU_Config *cfg, const char *key)
{
    const char *value;
    size_t i;
    int rc = xlu_cfg_get_string(cfg, key, &value, 0);
    if (rc == ESRCH) return;
    if (rc) { reject("%s is not a string%s", key, ""); return; }
    for (i = 0; i < sizeof(shutdown_actions) / sizeof(shutdown_actions[0]); i++)
        if (strcmp(value, shutdown_actions[i]) == 0) return;
    reject("%s: unknown action \"%s\"", key, value);
}

static void check_type(XLU_Config *cfg)
{
    const char *value;
    libxl_domain_type type;
    int rc = xlu_cfg_get_string(cfg, "type", &value, 0);
    if (rc == ESRCH) return;
    if (rc) { reject("type is not a string%s%s", "", ""); return; }
    if (libxl_domain_type_from_string(value, &type) || type == LIBXL_DOMAIN_TYPE_INVALID)
        reject("type: unknown domain type \"%s\"%s", value, "");
}

/* Each disk spec through xlu_disk_parse, exactly as xl does. */
static void check_disks(XLU_Config *cfg)
{
    XLU_ConfigList *list;
    int count, i, rc = xlu_cfg_get_list(cfg, "disk", &list, &count, 0);
    if (rc == ESRCH) return;
    if (rc) { reject("disk is not a list%s%s", "", ""); return; }
    for (i = 0; i < count; i++) {
        const char *spec = xlu_cfg_get_listitem(list, i);
        libxl_device_disk disk;
        if (!spec) { reject("disk: entry is not a string%s%s", "", ""); continue; }
        libxl_device_disk_init(&disk);
        rc = xlu_disk_parse(cfg, 1, &spec, &disk);
        if (rc) {
            reject("disk: \"%s\" rejected by xlu_disk_parse (%s)", spec, strerror(rc));
        } else if (!disk.vdev) {
            reject("disk: \"%s\" has no vdev%s", spec, "");
        } else {
            printf("{\"key\":\"disk\",\"index\":%d,", i);
            print_field("spec", spec, 0);
            print_field("vdev", disk.vdev, 0);
            print_field("target", disk.pdev_path, 0);
            print_field("format", libxl_disk_format_to_string(disk.format), 0);
            print_field("backend", libxl_disk_backend_to_string(disk.backend), 0);
            printf("\"readwrite\":%d,\"cdrom\":%d}\n", disk.readwrite, disk.is_cdrom);
        }
        libxl_device_disk_dispose(&disk);
    }
}

static int parse_mac(const char *s, libxl_mac mac)
{
    int i;
    for (i = 0; i < 6; i++) {
        char *end;
        if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1])) return -1;
        mac[i] = (uint8_t)strtoul(s, &end, 16);
        if (end != s + 2) return -1;
        s += 2;
        if (i < 5 && *s++ != ':') return -1;
    }
    return *s ? -1 : 0;
}

/* Keys xl's parse_nic_config knows (xl_parse.c, Xen 4.17). */
static const char *const vif_keys[] = {
    "mac", "bridge", "ip", "script", "backend", "vifname", "model", "rate",
    "accel", "netdev", "gatewaydev", "type", "trusted", "untrusted", "devid",
    "mtu", "forwarddev", "colo_forward_dev", "colo_sock_mirror_id",
    "colo_sock_mirror_ip", "colo_sock_mirror_port", "colo_sock_compare_pri_in_id",
    "colo_sock_compare_pri_in_ip", "colo_sock_compare_pri_in_port",
    "colo_sock_compare_sec_in_id", "colo_sock_compare_sec_in_ip",
    "colo_sock_compare_sec_in_port", "colo_sock_compare_notify_id",
    "colo_sock_compare_notify_ip", "colo_sock_compare_notify_port",
    "colo_sock_redirector0_id", "colo_sock_redirector0_ip",
    "colo_sock_redirector0_port", "colo_sock_redirector1_id",
    "colo_sock_redirector1_ip", "colo_sock_redirector1_port",
    "colo_sock_redirector2_id", "colo_sock_redirector2_ip",
    "colo_sock_redirector2_port", "colo_filter_mirror_queue",
    "colo_filter_mirror_outdev", "colo_filter_redirector0_queue",
    "colo_filter_redirector0_indev", "colo_filter_redirector0_outdev",
    "colo_filter_redirector1_queue", "colo_filter_redirector1_indev",
    "colo_filter_redirector1_outdev", "colo_compare_pri_in",
    "colo_compare_sec_in", "colo_compare_out", "colo_compare_notify_dev",
    "colo_sock_sec_redirector0_id", "colo_sock_sec_redirector0_ip",
    "colo_sock_sec_redirector0_port", "colo_sock_sec_redirector1_id",
    "colo_sock_sec_redirector1_ip", "colo_sock_sec_redirector1_port",
    "colo_filter_sec_redirector0_queue", "colo_filter_sec_redirector0_indev",
    "colo_filter_sec_redirector0_outdev", "colo_filter_sec_redirector1_queue",
    "colo_filter_sec_redirector1_indev", "colo_filter_sec_redirector1_outdev",
    "colo_filter_sec_rewriter0_queue", "colo_checkpoint_host",
    "colo_checkpoint_port",
};

static int known_vif_key(const char *key)
{
    size_t i;
    for (i = 0; i < sizeof(vif_keys) / sizeof(vif_keys[0]); i++)
        if (strcmp(key, vif_keys[i]) == 0) return 1;
    return 0;
}

/* A vif spec as xl splits it: comma-separated key=value pairs (whitespace trimmed). */
static void check_vif(XLU_Config *cfg, int index, const char *spec)
{
    char *copy = strdup(spec), *item, *save = NULL;
    char mac_text[18] = "", *bridge = NULL, *ip = NULL;
    libxl_device_nic nic;
    libxl_device_nic_init(&nic);
    for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(item, '='), *key = item, *value, *end;
        while (isspace((unsigned char)*key)) key++;
        if (!eq) { reject("vif: \"%s\": \"%s\" is not key=value", spec, key); continue; }
        *eq = '\0';
        value = eq + 1;
        for (end = eq; end > key && isspace((unsigned char)end[-1]); end--) end[-1] = '\0';
        while (isspace((unsigned char)*value)) value++;
        for (end = value + strlen(value); end > value && isspace((unsigned char)end[-1]); end--) end[-1] = '\0';
        if (!known_vif_key(key)) { reject("vif: \"%s\": unknown key \"%s\"", spec, key); continue; }
        if (strcmp(key, "mac") == 0) {
            if (parse_mac(value, nic.mac)) reject("vif: \"%s\": invalid mac \"%s\"", spec, value);
            else snprintf(mac_text, sizeof(mac_text), "%s", value);
        } else if (strcmp(key, "bridge") == 0) {
            bridge = value;
        } else if (strcmp(key, "ip") == 0) {
            ip = value;
        } else if (strcmp(key, "rate") == 0) {
            if (xlu_vif_parse_rate(cfg, value, &nic)) reject("vif: \"%s\": invalid rate \"%s\"", spec, value);
        }
    }
    if (!rejected) {
        printf("{\"key\":\"vif\",\"index\":%d,", index);
        print_field("spec", spec, 0);
        print_field("mac", mac_text[0] ? mac_text : NULL, 0);
        print_field("bridge", bridge, 0);
        print_field("ip", ip, 1);
        puts("}");
    }
    libxl_device_nic_dispose(&nic);
    free(copy);
}

static void check_vifs(XLU_Config *cfg)
{
    XLU_ConfigList *list;
    int count, i, rc = xlu_cfg_get_list(cfg, "vif", &list, &count, 0);
    if (rc == ESRCH) return;
    if (rc) { reject("vif is not a list%s%s", "", ""); return; }
    for (i = 0; i < count; i++) {
        const char *spec = xlu_cfg_get_listitem(list, i);
        if (!spec) reject("vif: entry is not a string%s%s", "", "");
        else check_vif(cfg, i, spec);
    }
}

/* xl takes bootloader_args as a list (a string is deprecated): we require the list. */
static void check_bootloader_args(XLU_Config *cfg)
{
    libxl_string_list args = NULL;
    int i, rc = xlu_cfg_get_list_as_string_list(cfg, "bootloader_args", &args, 1);
    if (rc == ESRCH) return;
    if (rc) { reject("bootloader_args is not a list of strings%s%s", "", ""); return; }
    printf("{\"key\":\"bootloader_args\",\"type\":\"list\",\"value\":[");
    for (i = 0; args && args[i]; i++) {
        if (i) putchar(',');
        print_json_string(args[i]);
    }
    puts("]}");
    libxl_string_list_dispose(&args);
}

/* KEY:TYPE from the command line: the value must be there with that type. */
static void check_typed(XLU_Config *cfg, const char *arg)
{
    char key[128];
    const char *colon = strchr(arg, ':'), *type;
    if (!colon || (size_t)(colon - arg) >= sizeof(key) || colon == arg) { reject("bad KEY:TYPE argument \"%s\"%s", arg, ""); return; }
    memcpy(key, arg, (size_t)(colon - arg));
    key[colon - arg] = '\0';
    type = colon + 1;
    if (strcmp(type, "long") == 0 || strcmp(type, "bool") == 0) {
        long value;
        int rc = xlu_cfg_get_long(cfg, key, &value, 0);
        if (rc) { reject("%s: not a number (%s)", key, rc == ESRCH ? "missing" : "wrong type"); return; }
        if (strcmp(type, "bool") == 0 && value != 0 && value != 1) { reject("%s: a boolean must be 0 or 1%s", key, ""); return; }
        printf("{\"key\":");
        print_json_string(key);
        printf(",\"type\":\"%s\",\"value\":%ld}\n", type, value);
    } else if (strcmp(type, "string") == 0) {
        const char *value;
        int rc = xlu_cfg_get_string(cfg, key, &value, 0);
        if (rc) { reject("%s: not a string (%s)", key, rc == ESRCH ? "missing" : "wrong type"); return; }
        printf("{\"key\":");
        print_json_string(key);
        printf(",\"type\":\"string\",\"value\":");
        print_json_string(value);
        puts("}");
    } else if (strcmp(type, "list") == 0) {
        XLU_ConfigList *list;
        int count, i, rc = xlu_cfg_get_list(cfg, key, &list, &count, 0);
        if (rc) { reject("%s: not a list (%s)", key, rc == ESRCH ? "missing" : "wrong type"); return; }
        printf("{\"key\":");
        print_json_string(key);
        printf(",\"type\":\"list\",\"value\":[");
        for (i = 0; i < count; i++) {
            const char *item = xlu_cfg_get_listitem(list, i);
            if (!item) { puts("]}"); reject("%s: list entry is not a string%s", key, ""); return; }
            if (i) putchar(',');
            print_json_string(item);
        }
        puts("]}");
    } else {
        reject("unknown type \"%s\" for %s", type, key);
    }
}

int main(int argc, char **argv)
{
    XLU_Config *cfg;
    const char *name;
    int i, rc;
    if (argc < 2) {
        fprintf(stderr, "usage: xlcheck FILE [KEY:TYPE...]  (TYPE: long, string, list, bool)\n");
        return 2;
    }
    file_name = argv[1];
    cfg = xlu_cfg_init(stderr, file_name);
    if (!cfg) { fprintf(stderr, "xlcheck: out of memory\n"); return 2; }
    rc = xlu_cfg_readfile(cfg, file_name);
    if (rc) {
        fprintf(stderr, "xlcheck: %s: rejected by xlu_cfg_readfile (%s)\n", file_name, strerror(rc));
        xlu_cfg_destroy(cfg);
        return rc == ENOENT || rc == EACCES ? 2 : 1;
    }
    if (xlu_cfg_get_string(cfg, "name", &name, 0)) reject("name is missing or not a string%s%s", "", "");
    else if (!*name) reject("name is empty%s%s", "", "");
    check_type(cfg);
    check_action(cfg, "on_poweroff");
    check_action(cfg, "on_reboot");
    check_action(cfg, "on_crash");
    check_action(cfg, "on_watchdog");
    check_action(cfg, "on_soft_reset");
    check_disks(cfg);
    check_vifs(cfg);
    check_bootloader_args(cfg);
    for (i = 2; i < argc; i++) check_typed(cfg, argv[i]);
    xlu_cfg_destroy(cfg);
    return rejected ? 1 : 0;
}
